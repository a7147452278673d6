package loyalty

import (
	"bytes"

	"github.com/giftcard-go/giftcard/internal/wire"
)

// envelope is the members of an answer {"code", "msg", "timestamp",
// "data"}, as raw JSON slices of the body. Each stays raw, so an unexpected
// type in one never fails the others.
type envelope struct {
	Code, Msg, Timestamp, Data []byte
}

// meta is an envelope read into Go values. msg and the timestamp are read
// only when needed (a failure): the success path parses code alone.
type meta struct {
	code    int
	hasCode bool
	env     envelope
}

// readEnvelope reads the members of a JSON object without copying or
// decoding them (encoding/json would copy each into a RawMessage, on every
// answer): its top-level keys are matched as encoding/json matches them
// (case-insensitively, the last one winning). ok is false when the body is
// not a JSON object. The object's structure is checked here (wire.Members);
// each member's value is checked by whatever decodes it: code below, data
// by the operation's decode, msg and timestamp when a failure reads them.
func readEnvelope(body []byte) (meta, bool) {
	var m meta
	ok := wire.Members(body, func(key, val []byte) bool {
		switch {
		case bytes.EqualFold(key, []byte("code")):
			m.env.Code = val
		case bytes.EqualFold(key, []byte("msg")):
			m.env.Msg = val
		case bytes.EqualFold(key, []byte("timestamp")):
			m.env.Timestamp = val
		case bytes.EqualFold(key, []byte("data")):
			m.env.Data = val
		}
		return true
	})
	if !ok {
		return m, false
	}
	var code wire.Int
	if c := m.env.Code; len(c) > 0 && !bytes.Equal(c, []byte("null")) && code.UnmarshalJSON(c) == nil {
		m.code, m.hasCode = int(code), true
	}
	return m, true
}
