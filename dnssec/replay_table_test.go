package dnssec

// replayNotReplayable lists the val_*.rpl files that are not replayed, with
// the reason (file → reason).
var replayNotReplayable = map[string]string{
	"val_cnameqtype_qmin.rpl": "canned answers are keyed to the qname-minimised queries Unbound sends (qname-minimisation: yes, RFC 9156 §2); the emulated resolver asks full names, so most questions find no answer",
	"val_dnameqtype_qmin.rpl": "canned answers are keyed to the qname-minimised queries Unbound sends (qname-minimisation: yes, RFC 9156 §2); the emulated resolver asks full names, so most questions find no answer",
	"val_scrub_rr_length.rpl": "the defect is in the wire form (an rdata length Unbound's scrubber rejects); the harness builds answers from the text form, which cannot carry it",
}

// replayDifferences lists questions ("file/step name TYPE") whose verdict
// class deliberately differs from Unbound's, or that Unbound answers from
// state the harness does not have, with the reason.
var replayDifferences = map[string]string{
	"val_ta_algo_missing.rpl/1 www.example.com. A":            "decision: Unbound wants the zone signed with every algorithm of the trust anchor set; one valid signature by a trusted key suffices here, as RFC 6840 §5.11 requires (validators MUST NOT insist on all algorithms)",
	"val_ta_algo_missing.rpl/11 www.example.com. A":           "decision: as step 1 (RFC 6840 §5.11)",
	"val_negcache_nta.rpl/20 ant.testzone.nlnetlabs.nl. TXT":  "not replayable: a negative trust anchor (domain-insecure:, RFC 7646) has no Config equivalent",
	"val_dnametopos.rpl/120 www.example.com. A":               "not replayable: answered from Unbound's cache after TIME_PASSES; no canned answer serves the query at this step, and the validator keeps no cache between validations",
	"val_dname_twice.rpl/120 a.a.test-dname-2.example.com. A": "not replayable: answered from Unbound's cache; no canned answer serves the query at this step",
	"val_negcache_ttl.rpl/11 ant.testzone.nlnetlabs.nl. TXT":  "not replayable: answered from Unbound's negative cache; no canned answer serves the query",
	"val_negcache_ttl.rpl/110 ant.testzone.nlnetlabs.nl. TXT": "not replayable: depends on what Unbound cached before TIME_PASSES (the step's range serves no DNSKEY RRset)",
	"val_refer_unsignadd.rpl/11 bla.example.com. A":           "not replayable: answered from Unbound's cache; no canned answer serves the query at this step",
	"val_referglue.rpl/5 bla.example.com. A":                  "not replayable: answered from Unbound's cache; no canned answer serves the query at this step",
}

// replayOpen lists the differences not yet analysed: each is a candidate
// defect (of the validator or of the harness's resolver emulation), kept
// visible here rather than hidden, and counted against the agreement.
var replayOpen = map[string]string{
	"val_cnametoinsecure.rpl/1 www.example.com. AAAA":  "open: CNAME into an insecure delegation co-hosted with its parent; the DS lookup at the cut gets the child's answer without a denial",
	"val_cnametoinsecure.rpl/20 www.example.org. AAAA": "open: as step 1",
	"val_cnametooptout.rpl/1 www.hud.gov. AAAA":        "open: forward-zone scenario; the CNAME target gets no canned answer through the emulated forwarder",
	"val_dsnsec.rpl/30 www.sub.example.com. A":         "open: DS lookup at sub.example. answered without a denial by the emulated resolver",
	"val_nsec3_nodatawccname.rpl/1 www.example.com. A": "open: NSEC3 wildcard NODATA where the wildcard has a CNAME; Unbound bogus, we insecure",
}

// replayMinAgreement is the agreement the replay must keep (percent of the
// replayed questions with Unbound's verdict class). Issue 15 targets 95%;
// the open differences above keep it below that for now.
const replayMinAgreement = 93.0
