# The webhook's signing secret is write-only: Terraform sends it to Sendblue
# and keeps it out of state and plan files. To rotate it, pass the new value
# and raise secret_wo_version in the same apply.
variable "outbound_webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "outbound_webhook_secret_version" {
  type    = number
  default = 1
}

resource "sendblue_webhook" "outbound" {
  url               = "https://hooks.example.com/sendblue/outbound"
  type              = "outbound"
  secret_wo         = var.outbound_webhook_secret
  secret_wo_version = var.outbound_webhook_secret_version
}
