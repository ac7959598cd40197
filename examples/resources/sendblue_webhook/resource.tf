# Inbound messages (type defaults to "receive").
resource "sendblue_webhook" "inbound" {
  url = "https://hooks.example.com/sendblue/inbound"
}

# A per-webhook secret kept out of state and plan: write-only (Terraform >= 1.11).
# Bump secret_wo_version to send a new secret.
variable "outbound_webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "sendblue_webhook" "outbound" {
  url               = "https://hooks.example.com/sendblue/outbound"
  type              = "outbound"
  secret_wo         = var.outbound_webhook_secret
  secret_wo_version = 1
}

# A per-webhook secret stored (sensitive) in state, so drift is detected.
resource "sendblue_webhook" "call_log" {
  url    = "https://hooks.example.com/sendblue/calls"
  type   = "call_log"
  secret = "change-me"
}

# Each operation retries within a time budget (defaults: create, update and
# delete 10m, read 2m); raise it for a slow API.
resource "sendblue_webhook" "line_blocked" {
  url  = "https://hooks.example.com/sendblue/lines"
  type = "line_blocked"
  timeouts = {
    create = "15m"
    read   = "5m"
  }
}

resource "sendblue_webhook" "line_assigned" {
  url  = "https://hooks.example.com/sendblue/lines"
  type = "line_assigned"
}

# Only inbound messages received by these Sendblue lines (receive only).
resource "sendblue_webhook" "us_lines" {
  url              = "https://hooks.example.com/sendblue/us"
  sendblue_numbers = ["+15551230000", "+15551230001"]
}

# Types newer than the v2 API, such as inbound_call, need the current API
# generation (the provider's default, api_version = "auto", finds it).
resource "sendblue_webhook" "calls" {
  url  = "https://hooks.example.com/sendblue/calls"
  type = "inbound_call"
}

resource "sendblue_webhook" "contacts" {
  url  = "https://hooks.example.com/sendblue/contacts"
  type = "contact_created"
}
