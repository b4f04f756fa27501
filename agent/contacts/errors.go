package contacts

import "errors"

// Fatal errors of Parse: the file as a whole cannot be imported.
var (
	// ErrNoHeader: the input has no header row (it is empty or blank).
	ErrNoHeader = errors.New("contacts: no header row")
	// ErrNoPhoneColumn: the header names no phone column.
	ErrNoPhoneColumn = errors.New("contacts: no phone column (phone, number, phone_number or tel)")
	// ErrDuplicateColumn: two header columns have the same name or meaning.
	ErrDuplicateColumn = errors.New("contacts: duplicate column")
	// ErrTooLarge: the input is larger than MaxInput.
	ErrTooLarge = errors.New("contacts: input too large")
	// ErrMalformed: the CSV cannot be read past some point.
	ErrMalformed = errors.New("contacts: malformed CSV")
)

// Row errors, wrapped in BadRow.Err: the row is skipped and the rest imported.
var (
	// ErrColumnCount: the row has more or fewer fields than the header.
	ErrColumnCount = errors.New("wrong number of fields")
	// ErrPhone: the phone number is missing or invalid (wraps the phone package's error).
	ErrPhone = errors.New("bad phone number")
	// ErrTimeZone: the time zone is not a known IANA zone name.
	ErrTimeZone = errors.New("unknown time zone")
	// ErrDuplicate: the number already appeared on an earlier line.
	ErrDuplicate = errors.New("duplicate number")
	// ErrSyntax: the row is not valid CSV (a stray or unterminated quote).
	ErrSyntax = errors.New("CSV syntax error")
)

// Errors of consent files and of files in a legacy encoding.
var (
	// ErrConsentRow: a consent row is skipped (wrapped in BadRow.Err).
	ErrConsentRow = errors.New("bad consent row")
	// ErrFutureDate: a consent record or registry extract is dated in the
	// future (see FutureDate and ConsentSkew).
	ErrFutureDate = errors.New("dated in the future")
	// ErrNotUTF8: the file is not UTF-8; nothing is imported.
	ErrNotUTF8 = errors.New("not UTF-8")
)
