# Every webhook of the account, of every type. On apply, any webhook of the
# account that is not listed here is removed; `terraform destroy` removes
# every webhook of the account.
resource "sendblue_account_webhooks" "all" {
  receive = [
    # A per-webhook secret, stored (sensitive) in state; pass it in through
    # a sensitive variable rather than writing it here.
    { url = "https://hooks.example.com/sendblue/inbound", secret = "change-me" },
    { url = "https://backup.example.com/sendblue/inbound" },
  ]
  outbound = [
    { url = "https://hooks.example.com/sendblue/outbound" },
  ]
  line_blocked  = [{ url = "https://hooks.example.com/sendblue/lines" }]
  line_assigned = [{ url = "https://hooks.example.com/sendblue/lines" }]

  # contact_created takes bare URLs (no secret).
  contact_created = ["https://hooks.example.com/sendblue/contacts"]

  # call_log is omitted: the account keeps no call_log webhook.
}
