# The configuration `make demo` applies against the bundled mock API.
# Credentials and base URL come from SENDBLUE_API_KEY, SENDBLUE_API_SECRET
# and SENDBLUE_BASE_URL, which the demo script points at the mock.
terraform {
  required_providers {
    sendblue = {
      source = "sendblue-api/sendblue"
    }
  }
}

provider "sendblue" {}

# Inbound messages, signed with a per-webhook secret.
resource "sendblue_webhook" "inbound" {
  url    = "https://hooks.example.com/sendblue/inbound"
  type   = "receive"
  secret = "demo-inbound-secret"
}

# Status updates of outbound messages.
resource "sendblue_webhook" "outbound" {
  url  = "https://hooks.example.com/sendblue/outbound"
  type = "outbound"
}

# Call logs.
resource "sendblue_webhook" "calls" {
  url  = "https://hooks.example.com/sendblue/calls"
  type = "call_log"
}

# New contacts (bare URLs only: no per-webhook secret).
resource "sendblue_webhook" "contacts" {
  url  = "https://hooks.example.com/sendblue/contacts"
  type = "contact_created"
}

# Inbound calls to the demo line go to the front desk. The demo script seeds
# the line in the mock (PUT /_mock/lines), as Sendblue would have assigned it.
resource "sendblue_line_call_forwarding" "main" {
  sendblue_number   = "+12125550101"
  forwarding_number = "+16692138010"
}

output "webhook_ids" {
  value = [
    sendblue_webhook.inbound.id,
    sendblue_webhook.outbound.id,
    sendblue_webhook.calls.id,
    sendblue_webhook.contacts.id,
  ]
}

output "main_line_forwards_to" {
  value = sendblue_line_call_forwarding.main.forwarding_number
}
