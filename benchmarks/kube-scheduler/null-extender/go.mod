module escheduler.io/benchmarks/null-extender

go 1.22
