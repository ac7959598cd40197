# Terraform >= 1.7: take over the whole account with an import block. When the
# webhooks were managed as sendblue_webhook resources, removed blocks drop
# those from state without deleting anything on the account (one per resource).
import {
  to = sendblue_account_webhooks.all
  id = "account"
}

removed {
  from = sendblue_webhook.inbound

  lifecycle {
    destroy = false
  }
}

removed {
  from = sendblue_webhook.outbound

  lifecycle {
    destroy = false
  }
}
