package escrow

func (v *verifier) csv(o *Object) {
	v.rep.Skipped = append(v.rep.Skipped, "CSV model: not implemented yet")
}
