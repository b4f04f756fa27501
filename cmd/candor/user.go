package main

import "context"

func runUser(_ context.Context, e *env, args []string) int {
	return errorf(e, "user: not yet implemented")
}
