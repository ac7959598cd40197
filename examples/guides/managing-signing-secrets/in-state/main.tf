# The signing secret is stored in state (marked sensitive): a secret changed
# outside Terraform shows in the next plan, and the apply puts it back. Use
# it only with an encrypted, access-controlled state backend.
variable "call_log_webhook_secret" {
  type      = string
  sensitive = true
}

resource "sendblue_webhook" "call_log" {
  url    = "https://hooks.example.com/sendblue/calls"
  type   = "call_log"
  secret = var.call_log_webhook_secret
}
