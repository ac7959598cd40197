# webhooks.tfquery.hcl: `terraform query` lists every webhook of the account;
# `terraform query -generate-config-out=generated.tf` writes a sendblue_webhook
# resource and an import block for each (Terraform 1.14 or later).
list "sendblue_webhook" "all" {
  provider = sendblue
}
