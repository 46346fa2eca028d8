package idn

// The Unicode tables in tables.go are generated from the pinned data files
// in internal/gen/data; see internal/gen/data/README.

//go:generate go run ./internal/gen -data internal/gen/data -o tables.go
