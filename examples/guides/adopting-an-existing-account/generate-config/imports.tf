# One import block per webhook, with the "<type>:<url>" IDs that the
# sendblue_webhooks data source lists. Then:
#
#   terraform plan -generate-config-out=generated.tf
#
# writes a sendblue_webhook resource for each into generated.tf; review it,
# `terraform apply` imports them without a single change on Sendblue, and the
# next plan is empty.
import {
  to = sendblue_webhook.inbound
  id = "receive:https://hooks.example.com/sendblue/inbound"
}

import {
  to = sendblue_webhook.outbound
  id = "outbound:https://hooks.example.com/sendblue/outbound"
}

import {
  to = sendblue_webhook.contacts
  id = "contact_created:https://hooks.example.com/sendblue/contacts"
}
