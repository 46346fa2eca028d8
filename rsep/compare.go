package rsep

// Diff is the change between two reports ([Compare]).
type Diff struct {
	New        []Finding `json:"new"`        // in after, not in before: introduced by the change
	Resolved   []Finding `json:"resolved"`   // in before, not in after
	Persisting []Finding `json:"persisting"` // in both (the after version)
}

// Compare matches the findings of two reports by [Finding.Key] and sorts
// them into new, resolved and persisting. Either report may be nil.
func Compare(before, after *Report) Diff {
	d := Diff{New: []Finding{}, Resolved: []Finding{}, Persisting: []Finding{}}
	bk := make(map[string]int)
	if before != nil {
		for _, f := range before.Findings {
			bk[f.Key()]++
		}
	}
	ak := make(map[string]int)
	if after != nil {
		for _, f := range after.Findings {
			k := f.Key()
			ak[k]++
			if bk[k] >= ak[k] {
				d.Persisting = append(d.Persisting, f)
			} else {
				d.New = append(d.New, f)
			}
		}
	}
	seen := make(map[string]int)
	if before != nil {
		for _, f := range before.Findings {
			k := f.Key()
			seen[k]++
			if seen[k] > ak[k] {
				d.Resolved = append(d.Resolved, f)
			}
		}
	}
	return d
}

// Err returns an error joining the new findings of severity warning or
// error, nil if the change introduces none.
func (d Diff) Err() error {
	r := Report{Findings: d.New}
	return r.Err()
}
