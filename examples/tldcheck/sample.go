package main

import "embed"

// The embedded sample TLD, written by gensample (see its doc comment).
//
//go:generate go run ./gensample -out sample
//go:embed sample
var sampleFS embed.FS
