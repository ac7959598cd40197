# Every webhook of the account, whoever set it up (dashboard, scripts, Terraform).
data "sendblue_webhooks" "all" {}

# Only the webhooks for inbound messages.
data "sendblue_webhooks" "inbound" {
  type = "receive"
}

output "webhooks" {
  value = data.sendblue_webhooks.all.webhooks
}

# The import ID of each webhook as a sendblue_webhook ("<type>:<url>").
output "import_ids" {
  value = [for w in data.sendblue_webhooks.all.webhooks : "${w.type}:${w.url}"]
}

output "inbound_urls_with_a_secret" {
  value = [for w in data.sendblue_webhooks.inbound.webhooks : w.url if w.has_secret]
}

output "global_secret_set" {
  value = data.sendblue_webhooks.all.global_secret_set
}
