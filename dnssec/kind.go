package dnssec

// kind is a category sentinel that may belong to a broader one: every
// verification failure is also ErrBogus, so callers can test either
// errors.Is(err, ErrExpired) or errors.Is(err, ErrBogus).
type kind struct {
	msg    string
	parent error
}

func (k *kind) Error() string { return k.msg }
func (k *kind) Unwrap() error { return k.parent }

func newKind(msg string, parent error) error { return &kind{msg, parent} }
