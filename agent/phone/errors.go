package phone

import "errors"

// Sentinel errors of Normalize. Every rejection of a non-empty number wraps
// ErrInvalid; the more specific sentinels are wrapped beside it, so both
// errors.Is(err, ErrInvalid) and errors.Is(err, ErrTooShort) hold for a number
// that is too short. Error texts never contain the number itself.
var (
	// ErrEmpty: the input holds no number at all.
	ErrEmpty = errors.New("phone: empty number")
	// ErrInvalid: the input is not a valid, dialable telephone number.
	ErrInvalid = errors.New("phone: invalid number")
	// ErrTooShort: too few digits for a number of its country.
	ErrTooShort = errors.New("too short")
	// ErrTooLong: too many digits (or characters) for a telephone number.
	ErrTooLong = errors.New("too long")
	// ErrCharacters: letters or other characters that have no place in a number.
	ErrCharacters = errors.New("unexpected characters")
	// ErrCountryCode: no known country calling code, and no usable default region.
	ErrCountryCode = errors.New("unknown country code")
	// ErrExtension: the number carries an extension, which an automated call cannot dial.
	ErrExtension = errors.New("extensions are not supported")
	// ErrRegion: the default region is not a known ISO 3166-1 region code.
	ErrRegion = errors.New("phone: unknown default region")
)
