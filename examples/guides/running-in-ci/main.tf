# A remote backend with locking, so that two pipelines never apply at once
# (any backend that locks will do).
terraform {
  # backend "s3" {
  #   bucket       = "example-terraform-state"
  #   key          = "sendblue/webhooks.tfstate"
  #   region       = "eu-west-1"
  #   use_lockfile = true
  # }
}

# Set by the pipeline (TF_VAR_inbound_webhook_secret) from its secret store.
# Ephemeral: Terraform keeps it out of the state and out of saved plan files,
# so the apply job must be given it again.
variable "inbound_webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Raise it to send a new value of inbound_webhook_secret.
variable "inbound_webhook_secret_version" {
  type    = number
  default = 1
}

resource "sendblue_webhook" "inbound" {
  url               = "https://hooks.example.com/sendblue/inbound"
  secret_wo         = var.inbound_webhook_secret
  secret_wo_version = var.inbound_webhook_secret_version
}

resource "sendblue_webhook" "status" {
  url  = "https://hooks.example.com/sendblue/status"
  type = "outbound"
}
