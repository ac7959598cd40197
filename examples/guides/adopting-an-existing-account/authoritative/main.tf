# Terraform owns the account's whole webhook configuration. Import it (the ID
# is always "account"), then list every webhook it should keep: the plan shows
# each webhook that the apply would remove, and nothing is removed unless the
# plan says so.
import {
  to = sendblue_account_webhooks.all
  id = "account"
}

variable "inbound_webhook_secret" {
  type      = string
  sensitive = true
}

resource "sendblue_account_webhooks" "all" {
  receive = [
    # This resource manages secrets too: a webhook listed without the secret
    # it has on Sendblue would lose it.
    { url = "https://hooks.example.com/sendblue/inbound", secret = var.inbound_webhook_secret },
  ]
  outbound        = [{ url = "https://hooks.example.com/sendblue/outbound" }]
  contact_created = [{ url = "https://hooks.example.com/sendblue/contacts" }]
}
