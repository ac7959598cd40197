package benchfloor

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// diagError is the first error of diags as an error.
func diagError(diags diag.Diagnostics) error {
	for _, d := range diags.Errors() {
		return errors.New(d.Summary() + ": " + d.Detail())
	}
	return nil
}
