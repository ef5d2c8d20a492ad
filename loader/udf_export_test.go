package loader

// UDFBenchC exposes the C baseline of the row benchmark to loader_test.
func UDFBenchC(u *UDFCall, args []UDFArg) func(int) { return u.benchC(args) }
