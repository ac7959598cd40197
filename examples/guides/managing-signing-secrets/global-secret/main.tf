# The account's global secret signs the deliveries of every webhook of the
# account. Set it on one resource only; it stays on the account when that
# resource is destroyed.
variable "sendblue_global_secret" {
  type      = string
  sensitive = true
}

resource "sendblue_webhook" "inbound" {
  url           = "https://hooks.example.com/sendblue/inbound"
  global_secret = var.sendblue_global_secret
}

# Other webhooks of the account are signed with the global secret too.
resource "sendblue_webhook" "status" {
  url  = "https://hooks.example.com/sendblue/status"
  type = "outbound"
}
