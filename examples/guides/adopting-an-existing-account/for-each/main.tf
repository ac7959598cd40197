# Terraform >= 1.7: adopt many webhooks with one import block and one resource,
# both iterating over the same map (keys are resource instance names).
locals {
  webhooks = {
    inbound  = { type = "receive", url = "https://hooks.example.com/sendblue/inbound" }
    outbound = { type = "outbound", url = "https://hooks.example.com/sendblue/outbound" }
    contacts = { type = "contact_created", url = "https://hooks.example.com/sendblue/contacts" }
  }
}

import {
  for_each = local.webhooks
  to       = sendblue_webhook.this[each.key]
  id       = "${each.value.type}:${each.value.url}"
}

resource "sendblue_webhook" "this" {
  for_each = local.webhooks

  type = each.value.type
  url  = each.value.url
  # No secret here: the webhook keeps the secret it has on Sendblue. See the
  # guide "Managing signing secrets" to take it over.
}
