package loyalty

import (
	"bytes"
	"encoding/json"

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

// KIT-CANDIDATE: readEnvelope, skipValue and skipSpace are provider-neutral
// (any {code, msg, data} envelope, Wolfe's included); internal/wire could
// offer "the top-level members of a JSON object, in place".
//
// readEnvelope reads the members of a JSON object without copying or
// decoding them (encoding/json would copy each into a RawMessage, on every
// answer): the body is checked to be valid JSON first, then its top-level
// keys are matched as encoding/json matches them (case-insensitively, the
// last one winning). ok is false when the body is not a JSON object.
func readEnvelope(body []byte) (meta, bool) {
	var m meta
	if !json.Valid(body) {
		return m, false
	}
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return m, false
	}
	i = skipSpace(body, i+1)
	for i < len(body) && body[i] != '}' {
		end := skipValue(body, i) // the key, a string
		key := body[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 { // an escaped key: unescape it
			var k string
			_ = json.Unmarshal(body[i:end], &k)
			key = []byte(k)
		}
		i = skipSpace(body, skipSpace(body, end)+1) // past the ':'
		end = skipValue(body, i)
		val := body[i:end]
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
		i = skipSpace(body, end)
		if i < len(body) && body[i] == ',' {
			i = skipSpace(body, i+1)
		}
	}
	var code wire.Int
	if c := m.env.Code; len(c) > 0 && !bytes.Equal(c, []byte("null")) && code.UnmarshalJSON(c) == nil {
		m.code, m.hasCode = int(code), true
	}
	return m, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value that starts at b[i]; b is
// valid JSON.
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(b)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipValue(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j
}
