# Terraform owns the account's whole webhook configuration. Import it (the ID
# is always "account"), then list every webhook it should keep: the plan shows
# each webhook that the apply would remove, and nothing is removed unless the
# plan says so.
import {
  to = sendblue_account_webhooks.all
  id = "account"
}

resource "sendblue_account_webhooks" "all" {
  receive = {
    # An import takes no secret: an entry without `secret` keeps the secret
    # it has on Sendblue. Set `secret` to manage it from then on.
    "https://hooks.example.com/sendblue/inbound" = {}
  }
  outbound        = { "https://hooks.example.com/sendblue/outbound" = {} }
  contact_created = { "https://hooks.example.com/sendblue/contacts" = {} }
}
