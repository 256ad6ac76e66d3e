"""Cases made for tests and benchmarks: seeded random generators and the OR-Library knapsack instances."""
