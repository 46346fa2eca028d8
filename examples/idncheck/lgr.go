package main

import (
	"errors"
	"flag"
)

// This file is the seam for the RFC 7940 LGR engine (issue 10). It is owned
// by that work and will be replaced when the engine lands.

var lgrFile = flag.String("lgr", "", "evaluate each label against this RFC 7940 LGR XML file")

var showVariants = flag.Bool("variants", false, "with -lgr, list the variant labels and their dispositions")

// applyLGR fills r.Disposition and r.Variants from the LGR named by -lgr.
func applyLGR(label string, r *result) error {
	_ = label
	_ = r
	if *lgrFile != "" {
		return errors.New("idncheck: -lgr: LGR engine not available yet")
	}
	return nil
}
