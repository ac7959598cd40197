# Terraform >= 1.5: import with a block, then `terraform plan`
# (add -generate-config-out=generated.tf to have the resource written for you).
import {
  to = sendblue_line_call_forwarding.main
  id = "+12125550101"
}
