# Terraform >= 1.12 (or OpenTofu >= 1.12): import by the resource's identity,
# the line's number.
import {
  to = sendblue_line_call_forwarding.main
  identity = {
    sendblue_number = "+12125550101"
  }
}
