# Only the webhooks of one type.
list "sendblue_webhook" "receive" {
  provider = sendblue

  config {
    type = "receive"
  }
}
