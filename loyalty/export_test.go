package loyalty

// The wire bodies, for the golden tests of package loyalty_test.
type (
	ActivateBody    = activateBody
	InquiryBody     = inquiryBody
	IssuanceBody    = issuanceBody
	TransactionBody = transactionBody
	VoidBody        = voidBody
	PointsBody      = pointsBody
	TipBody         = tipBody
	TokenBody       = tokenBody
)

// Unwrap is the transport Envelope hook, for the fuzz test.
var Unwrap = unwrap

// ReadEnvelope exposes the envelope reader: code, whether it had one, msg,
// the raw timestamp and data.
func ReadEnvelope(b []byte) (code int, hasCode bool, msg, ts string, data []byte, ok bool) {
	m, ok := readEnvelope(b)
	if !ok {
		return 0, false, "", "", nil, false
	}
	ae := m.apiError(200)
	return m.code, m.hasCode, ae.Msg, ae.RawTimestamp, ae.Data, ok
}
