//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
)

// newProcessGroup starts cmd in a process group of its own, so that a signal
// reaches the tests and the Terraform processes they run, and only them.
func newProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends sig to cmd's process group.
func signalGroup(cmd *exec.Cmd, sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok && cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, s)
	}
}
