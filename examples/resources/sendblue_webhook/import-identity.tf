# Terraform >= 1.12 (or OpenTofu >= 1.12): import by the webhook's identity,
# its type and URL, instead of the "<type>:<url>" ID.
import {
  to = sendblue_webhook.line_assigned
  identity = {
    type = "line_assigned"
    url  = "https://hooks.example.com/sendblue/lines"
  }
}
