package escrow

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// RST error codes (ICANN Registry System Testing v2.0, RDE test plan,
// rde-01 … rde-15). Each finding of Verify carries the one RST would raise
// in Error.Code; the codes and their texts are RST's (errors.yaml, copied
// in testdata/rst). Decisions on ambiguous RST texts are in doc.go.
const (
	codeSchema            = "RDE_SCHEMA_VALIDATION_ERROR"
	codeXMLParse          = "RDE_XML_PARSE_ERROR"
	codeInvalidCSV        = "RDE_INVALID_CSV"
	codeMissingFiles      = "RDE_MISSING_FILES"
	codeMixedTypes        = "RDE_OBJECT_HAS_MIXED_TYPES"
	codeInvalidFileName   = "RDE_INVALID_FILENAME"
	codeInvalidSignature  = "RDE_INVALID_SIGNATURE"
	codeDecryptionFailed  = "RDE_DECRYPTION_FAILED"
	codeUnexpectedURI     = "RDE_UNEXPECTED_OBJECT_URI"
	codeMissingObjectURI  = "RDE_MISSING_OBJECT_URI"
	codeMenuHeaderDiffer  = "RDE_MENU_AND_HEADER_URIS_DIFFER"
	codeCountMismatch     = "RDE_OBJECT_COUNT_MISMATCH"
	codeUnexpectedObject  = "RDE_UNEXPECTED_OBJECT"
	codeNNDNConflict      = "RDE_NNDN_CONFLICTS_WITH_DOMAIN"
	codeMissingEppParams  = "RDE_MISSING_EPP_PARAMS_OBJECT"
	codeMultipleEppParams = "RDE_MULTIPLE_EPP_PARAMS_OBJECTS"
	codePolicyInvalid     = "RDE_POLICY_OBJECT_INVALID"
	codePolicyMissing     = "RDE_POLICY_OBJECT_MISSING"
	codePolicyMissingObjs = "RDE_POLICY_OBJECT_MISSING_OBJECTS"
	codeIDNInvalid        = "RDE_IDN_OBJECT_INVALID"
	codeIDNMissing        = "RDE_IDN_OBJECT_MISSING"
	codeIDNUnexpected     = "RDE_IDN_OBJECT_UNEXPECTED"
)

// DataModel is RST's general.registryDataModel input parameter: the
// registration data model of the registry (Registration Data Policy §7).
type DataModel string

// Data models.
const (
	DataModelMinimum      DataModel = "minimum"
	DataModelMaximum      DataModel = "maximum"
	DataModelPerRegistrar DataModel = "per-registrar"
)

// HostModel is RST's epp.hostModel input parameter: whether name servers
// are host objects (RFC 5732) or domain host attributes (RFC 5731 §1.1).
type HostModel string

// Host models.
const (
	HostModelObjects    HostModel = "objects"
	HostModelAttributes HostModel = "attributes"
)

// RSTConfig turns on the rules of ICANN's Registry System Testing RDE test
// plan (RST v2.0, test cases rde-01 … rde-15) and carries its inputs. The
// zero value is the strictest reading: the maximum data model, the host
// object model, no IDN tables, and any TLD.
type RSTConfig struct {
	// TLDs are the A-labels of the TLDs of the test (rde-01, rde-07): the
	// file name's TLD must be one, domain names must be directly under
	// one, and host names under one are in-bailiwick (rde-08). Empty: the
	// deposit's <rdeHeader:tld> (for the objects after the header), else
	// these checks are skipped; Report.Skipped says which.
	TLDs []string
	// DataModel is general.registryDataModel; "" means maximum.
	DataModel DataModel
	// HostModel is epp.hostModel; "" means objects.
	HostModel HostModel
	// IDNTables are the language tags of the TLD's IDN tables (rde-05,
	// rde-11): each must be an <rdeIDN:idnTableRef> id, and no other.
	IDNTables []string
	// FileName is the name of rde.depositFile (rde-01). Empty: the file
	// name is not checked (Report.Skipped says so).
	FileName string
}

func (r *RSTConfig) dataModel() DataModel {
	if r.DataModel == "" {
		return DataModelMaximum
	}
	return r.DataModel
}

func (r *RSTConfig) hostModel() HostModel {
	if r.HostModel == "" {
		return HostModelObjects
	}
	return r.HostModel
}

// Validate reports an RSTConfig value that RST would refuse as input.
func (r *RSTConfig) Validate() error {
	switch r.DataModel {
	case "", DataModelMinimum, DataModelMaximum, DataModelPerRegistrar:
	default:
		return errors.New("escrow: general.registryDataModel must be minimum, maximum or per-registrar")
	}
	switch r.HostModel {
	case "", HostModelObjects, HostModelAttributes:
	default:
		return errors.New("escrow: epp.hostModel must be objects or attributes")
	}
	for _, t := range r.TLDs {
		if !validHostName(strings.TrimSuffix(t, ".")) {
			return errors.New("escrow: TLD " + quoteName(t) + " is not an A-label")
		}
	}
	return nil
}

// uniqueCode is the RST code for a duplicate key (roid false) or roid.
func uniqueCode(k Kind, roid bool) string {
	if roid {
		switch k {
		case KindDomain:
			return "RDE_DOMAIN_HAS_NON_UNIQUE_ROID"
		case KindHost:
			return "RDE_HOST_HAS_NON_UNIQUE_ROID"
		case KindContact:
			return "RDE_CONTACT_HAS_NON_UNIQUE_ROID"
		}
		return ""
	}
	switch k {
	case KindDomain:
		return "RDE_DOMAIN_HAS_NON_UNIQUE_NAME"
	case KindHost:
		return "RDE_HOST_HAS_NON_UNIQUE_NAME"
	case KindContact:
		return "RDE_CONTACT_HAS_NON_UNIQUE_ID"
	case KindRegistrar:
		return "RDE_REGISTRAR_HAS_NON_UNIQUE_ID"
	case KindNNDN:
		return "RDE_NNDN_HAS_NON_UNIQUE_NAME"
	case KindIDNTableRef:
		return codeIDNInvalid
	}
	return ""
}

// refCode is the RST code for a reference from an object of kind src,
// through the element or field what, to a target that is not in the
// deposit (rde-07, rde-08, rde-09, rde-11).
func refCode(src, target Kind, what string) string {
	what = strings.TrimPrefix(strings.TrimPrefix(what, "trnData/"), "ns/")
	if w, ok := strings.CutPrefix(what, "f"); ok && len(w) > 0 && w[0] >= 'A' && w[0] <= 'Z' {
		what = strings.ToLower(w[:1]) + w[1:] // CSV field fClID → clID
	}
	if target == KindIDNTableRef {
		return codeIDNMissing
	}
	switch src {
	case KindDomain:
		switch target {
		case KindRegistrar:
			switch what {
			case "clID":
				return "RDE_DOMAIN_HAS_INVALID_CLID"
			case "crRr":
				return "RDE_DOMAIN_HAS_INVALID_CRRR"
			case "upRr":
				return "RDE_DOMAIN_HAS_INVALID_UPRR"
			case "reRr":
				return "RDE_DOMAIN_HAS_INVALID_RERR"
			case "acRr":
				return "RDE_DOMAIN_HAS_INVALID_ACRR"
			}
		case KindContact:
			if what == "registrant" {
				return "RDE_DOMAIN_HAS_INVALID_REGISTRANT"
			}
			return "RDE_DOMAIN_HAS_MISSING_CONTACT"
		case KindHost:
			return "RDE_DOMAIN_HAS_MISSING_NAMESERVER"
		}
	case KindHost:
		if target == KindRegistrar {
			return "RDE_HOST_HAS_INVALID_CLID"
		}
	case KindContact:
		if target == KindRegistrar {
			switch what {
			case "clID":
				return "RDE_CONTACT_HAS_UNKNOWN_CLID"
			case "crRr":
				return "RDE_CONTACT_HAS_UNKNOWN_CRRR"
			case "upRr":
				return "RDE_CONTACT_HAS_UNKNOWN_UPRR"
			case "reRr":
				return "RDE_CONTACT_HAS_UNKNOWN_RERR"
			case "acRr":
				return "RDE_CONTACT_HAS_UNKNOWN_ACRR"
			}
		}
	}
	return ""
}

// lackingCode is the RST code for an object lacking an element that a
// <rdePolicy:policy> makes required, where RST has one (rde-07).
func lackingCode(k Kind, local string) string {
	if k != KindDomain {
		return ""
	}
	switch local {
	case "registrant":
		return "RDE_DOMAIN_HAS_MISSING_REGISTRANT"
	case "crDate":
		return "RDE_DOMAIN_HAS_MISSING_CRDATE"
	case "exDate":
		return "RDE_DOMAIN_HAS_MISSING_EXDATE"
	}
	return ""
}

// rstCase returns "; RST rde-NN" for a code, for clauses.
func rstCase(code string) string {
	if c := rstCaseOf(code); c != "" {
		return "; RST " + c
	}
	return ""
}

func rstCaseOf(code string) string {
	switch {
	case code == "":
		return ""
	case code == codeInvalidFileName:
		return "rde-01"
	case code == codeInvalidSignature:
		return "rde-02"
	case code == codeDecryptionFailed:
		return "rde-03"
	case code == codeSchema, code == codeXMLParse, code == codeInvalidCSV, code == codeMissingFiles, code == codeMixedTypes:
		return "rde-04"
	case code == codeUnexpectedURI, code == codeMissingObjectURI, code == codeMenuHeaderDiffer:
		return "rde-05"
	case code == codeCountMismatch, code == codeUnexpectedObject:
		return "rde-06"
	case strings.HasPrefix(code, "RDE_DOMAIN_"):
		return "rde-07"
	case strings.HasPrefix(code, "RDE_HOST_"):
		return "rde-08"
	case strings.HasPrefix(code, "RDE_CONTACT_"):
		return "rde-09"
	case strings.HasPrefix(code, "RDE_REGISTRAR_"):
		return "rde-10"
	case strings.HasPrefix(code, "RDE_IDN_"):
		return "rde-11"
	case strings.HasPrefix(code, "RDE_NNDN_"):
		return "rde-12"
	case strings.Contains(code, "EPP_PARAMS"):
		return "rde-13"
	case strings.HasPrefix(code, "RDE_POLICY_"):
		return "rde-14"
	case strings.HasPrefix(code, "RDE_ISREQUIRED_"):
		return "rde-15"
	}
	return ""
}

// csvErrCode is the RST code for an error opening a CSV file.
func csvErrCode(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return codeMissingFiles
	}
	return codeInvalidCSV
}

// readerCode is the RST code of a finding or error of the Reader: the
// envelope breaks the rde-1.0 schema, or the XML is not well-formed.
func readerCode(e *Error) string {
	switch {
	case e.Code != "":
		return e.Code
	case errors.Is(e.Kind, ErrMalformed):
		return codeXMLParse
	case errors.Is(e.Kind, ErrInvalid):
		return codeSchema
	}
	return ""
}

// RyDECode returns the RST error code (rde-01 … rde-04) for an error of
// OpenRyDE, OpenRyDEFiles or ParseFileName, or "" if RST has none.
func RyDECode(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	switch {
	case errors.Is(err, ErrFileName):
		return codeInvalidFileName
	case errors.Is(err, ErrSignature), errors.Is(err, ErrUnknownSigner):
		return codeInvalidSignature
	case errors.Is(err, ErrNoKey), errors.Is(err, ErrIntegrity), errors.Is(err, ErrNoIntegrity),
		errors.Is(err, ErrMissingPiece), errors.Is(err, ErrPieceChanged):
		return codeDecryptionFailed
	case errors.Is(err, ErrRyDELayout):
		return codeMissingFiles
	case errors.Is(err, ErrMalformed):
		return codeDecryptionFailed
	}
	return ""
}

// tldOf returns the TLD of rst.TLDs that name is directly under (one label
// below it), or "".
func (r *RSTConfig) parentTLD(name string) string {
	name = strings.ToLower(name)
	for _, t := range r.TLDs {
		t = strings.ToLower(strings.TrimSuffix(t, "."))
		if rest, ok := strings.CutSuffix(name, "."+t); ok && rest != "" && !strings.Contains(rest, ".") {
			return t
		}
	}
	return ""
}

// inBailiwick reports whether name is under one of the TLDs.
func (r *RSTConfig) inBailiwick(name string) bool {
	name = strings.ToLower(name)
	return slices.ContainsFunc(r.TLDs, func(t string) bool {
		return strings.HasSuffix(name, "."+strings.ToLower(strings.TrimSuffix(t, ".")))
	})
}

// idnMark reports whether id is the language tag of one of the TLD's IDN
// tables, compared without regard to case (RFC 5646 §2.1.1: language tags
// are case-insensitive), and marks that table as present in the deposit
// (RST rde-11). It keeps one bit per table, whatever the deposit holds.
func (v *verifier) idnMark(id string) bool {
	i := slices.IndexFunc(v.rst.IDNTables, func(t string) bool { return strings.EqualFold(t, id) })
	if i < 0 {
		return false
	}
	if v.idnSeen == nil {
		v.idnSeen = make([]bool, len(v.rst.IDNTables))
	}
	v.idnSeen[i] = true
	return true
}
