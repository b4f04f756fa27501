package guardrails

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize turns text as a recogniser or a language model emits it into the
// canonical form the classifier and the output rail match on:
//
//   - lower case; full-width ASCII folded to ASCII; traditional Chinese characters
//     the rules use folded to simplified;
//   - punctuation becomes a word break ('%', '#', '$' and '.' between digits are kept,
//     ',' between digits is dropped: "1,000" -> "1000");
//   - apostrophes inside words are dropped and English contractions expanded
//     ("don't", "dont" -> "do not"; "i'm", "im" -> "i am");
//   - fillers are removed (um, uh, er, hmm; "like" at the start or after a filler;
//     嗯, 呃, 唔, 那个; 额 at the start of a Chinese run);
//   - immediate repeats are removed: repeated words or word pairs and triples
//     ("stop stop calling", "i don't i don't"), repeated Chinese chunks of two to
//     four characters ("不要不要") and stuttered single characters (我我, 别别);
//   - Chinese characters are joined (recognisers often space them) and separated
//     from Latin words by one space.
//
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(text string) string {
	var n normalizer
	n.run(text)
	return n.out.String()
}

// normalizer holds the state of one Normalize call.
type normalizer struct {
	out strings.Builder
	// words are the emitted tokens, as offsets into out (start, end).
	words [][2]int
	// prevFiller is true when the last raw token was a filler.
	prevFiller bool
	// han accumulates the current run of Chinese characters.
	han []rune
}

func (n *normalizer) run(text string) {
	n.out.Grow(len(text) + 8)
	var word []byte
	var rs [utf8.UTFMax]byte
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		r := foldRune(runes[i])
		switch {
		case isHan(r):
			if len(word) > 0 {
				n.latin(string(word))
				word = word[:0]
			}
			n.han = append(n.han, r)
		case isWordRune(r):
			// The pending Chinese run is flushed when the word ends (latin), so a
			// dropped filler does not split it.
			k := utf8.EncodeRune(rs[:], r)
			word = append(word, rs[:k]...)
		case isApostrophe(r) && len(word) > 0 && i+1 < len(runes) && unicode.IsLetter(foldRune(runes[i+1])) && !isHan(foldRune(runes[i+1])):
			// inside a word: drop it ("don't" -> "dont").
		case (r == '.' || r == ',') && len(word) > 0 && isDigit(lastRune(word)) && i+1 < len(runes) && isDigit(foldRune(runes[i+1])):
			if r == '.' {
				word = append(word, '.')
			}
		default:
			// A separator. Between two Han characters it joins them (recognisers
			// space Chinese words); the Han run stays open.
			if len(word) > 0 {
				n.latin(string(word))
				word = word[:0]
			}
		}
	}
	if len(word) > 0 {
		n.latin(string(word))
	}
	n.flushHan()
}

func lastRune(b []byte) rune {
	r, _ := utf8.DecodeLastRune(b)
	return r
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '`' || r == '\u02bc'
}

// isWordRune reports whether r belongs to a Latin-script word (letters, digits
// and the few symbols numeric claims use).
func isWordRune(r rune) bool {
	if r == '%' || r == '#' || r == '$' || r == '¥' {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r)
}

// foldRune lowers case, folds full-width ASCII and maps traditional characters
// to simplified.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case r == 0x3000:
		return ' '
	}
	if s, ok := tradToSimp[r]; ok {
		return s
	}
	return unicode.ToLower(r)
}

// latin handles one Latin-script token: contraction expansion, then emit.
func (n *normalizer) latin(w string) {
	// A dropped filler does not end a Chinese run: "不要 um 再打" reads "不要再打".
	if fillers[w] || (w == "like" && (n.prevFiller || (len(n.words) == 0 && len(n.han) == 0))) {
		n.prevFiller = true
		return
	}
	if len(n.han) > 0 {
		n.flushHan()
	}
	if exp, ok := contractions[w]; ok {
		for _, e := range exp {
			n.emit(e)
		}
		return
	}
	n.emit(w)
}

// emit appends one word unless it is a filler or repeats what came just before.
func (n *normalizer) emit(w string) {
	if fillers[w] || (w == "like" && (len(n.words) == 0 || n.prevFiller)) {
		n.prevFiller = true
		return
	}
	n.prevFiller = false
	n.push(w)
}

func (n *normalizer) push(w string) {
	start := n.out.Len()
	if start > 0 {
		n.out.WriteByte(' ')
		start++
	}
	n.out.WriteString(w)
	n.words = append(n.words, [2]int{start, n.out.Len()})
	n.dedupeWords()
}

// dedupeWords drops a trailing run of 1-3 words that repeats the run just before it.
func (n *normalizer) dedupeWords() {
	s := n.out.String()
	m := len(n.words)
	for k := 1; k <= 3 && 2*k <= m; k++ {
		same := true
		for j := 0; j < k; j++ {
			a, b := n.words[m-2*k+j], n.words[m-k+j]
			if s[a[0]:a[1]] != s[b[0]:b[1]] {
				same = false
				break
			}
		}
		if same {
			cut := n.words[m-k][0]
			if cut > 0 {
				cut-- // the separating space
			}
			n.truncate(cut)
			n.words = n.words[:m-k]
			return
		}
	}
}

// truncate shortens out to its first k bytes.
func (n *normalizer) truncate(k int) {
	s := n.out.String()[:k]
	n.out.Reset()
	n.out.WriteString(s)
}

// flushHan cleans the pending Chinese run and emits it as one token.
func (n *normalizer) flushHan() {
	if len(n.han) == 0 {
		return
	}
	var buf []rune
	for _, r := range n.han {
		buf = append(buf, r)
		buf = cleanHanTail(buf)
	}
	n.han = n.han[:0]
	if len(buf) == 0 {
		n.prevFiller = true
		return
	}
	n.prevFiller = false
	n.push(string(buf))
}

// cleanHanTail removes a filler or a repeat that the last appended rune completed.
func cleanHanTail(b []rune) []rune {
	m := len(b)
	last := b[m-1]
	switch last {
	case '嗯', '呃', '唔':
		return b[:m-1]
	case '额':
		if m == 1 {
			return b[:0]
		}
	case '个':
		if m >= 2 && b[m-2] == '那' {
			return b[:m-2]
		}
	}
	if m >= 2 && b[m-2] == last && stutterHan[last] {
		return b[:m-1]
	}
	for k := 2; k <= 4 && 2*k <= m; k++ {
		if string(b[m-2*k:m-k]) == string(b[m-k:]) {
			return b[:m-k]
		}
	}
	return b
}

// stutterHan are characters whose immediate repetition is a stutter, not a word.
var stutterHan = map[rune]bool{
	'我': true, '你': true, '不': true, '别': true, '是': true, '就': true, '要': true,
	'他': true, '她': true, '在': true, '把': true, '给': true,
}

var fillers = map[string]bool{
	"um": true, "umm": true, "ummm": true, "uh": true, "uhh": true, "uhm": true, "er": true,
	"erm": true, "hmm": true, "hm": true, "mm": true, "mmm": true, "ah": true, "eh": true,
}

// contractions maps apostrophe-less contractions and common recogniser spellings
// to their expansion.
var contractions = map[string][]string{
	"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
	"cant": {"can", "not"}, "cannot": {"can", "not"}, "wont": {"will", "not"},
	"wouldnt": {"would", "not"}, "shouldnt": {"should", "not"}, "couldnt": {"could", "not"},
	"isnt": {"is", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"},
	"werent": {"were", "not"}, "havent": {"have", "not"}, "hasnt": {"has", "not"},
	"hadnt": {"had", "not"}, "aint": {"is", "not"}, "mustnt": {"must", "not"},
	"neednt": {"need", "not"}, "im": {"i", "am"}, "ive": {"i", "have"}, "ill": {"i", "will"},
	"id": {"i", "would"}, "youre": {"you", "are"}, "youve": {"you", "have"},
	"youll": {"you", "will"}, "youd": {"you", "would"}, "weve": {"we", "have"},
	"theyre": {"they", "are"}, "theyve": {"they", "have"}, "theyll": {"they", "will"},
	"hes": {"he", "is"}, "shes": {"she", "is"}, "its": {"it", "is"}, "thats": {"that", "is"},
	"whats": {"what", "is"}, "whos": {"who", "is"}, "wheres": {"where", "is"},
	"hows": {"how", "is"}, "theres": {"there", "is"}, "heres": {"here", "is"},
	"wanna": {"want", "to"}, "gonna": {"going", "to"}, "gotta": {"got", "to"},
	"dunno": {"do", "not", "know"}, "gimme": {"give", "me"}, "lemme": {"let", "me"},
	"u": {"you"}, "ya": {"you"}, "r": {"are"}, "ur": {"your"}, "pls": {"please"},
	"plz": {"please"}, "thx": {"thanks"}, "ok": {"okay"}, "nope": {"no"}, "nah": {"no"},
	"robo": {"robot"},
}

// tradToSimp folds the traditional characters that the rules use.
var tradToSimp = func() map[rune]rune {
	m := make(map[rune]rune)
	r := []rune(tradPairs)
	for i := 0; i+1 < len(r); i += 2 {
		m[r[i]] = r[i+1]
	}
	return m
}()

// tradPairs lists traditional/simplified pairs, two characters per pair.
const tradPairs = "" +
	"別别電电話话號号碼码刪删訴诉謝谢機机們们個个裡里裏里請请來来時时會会說说這这麼么麽么嗎吗為为騷骚擾扰煩烦聽听買买興兴間间" +
	"點点兒儿後后對对沒没問问題题業业務务單单絡络錄录動动證证準准險险賺赚獎奖贏赢禮礼贈赠費费國国級级員员銀银稅税脅胁訟讼罰罚" +
	"責责負负馬马優优壓压確确實实從从誰谁邊边關关係系應应該该讓让給给掛挂線线斷断絕绝繼继續续還还現现開开車车飯饭幫帮記记聯联" +
	"戶户帳账賬账資资訊讯訂订閱阅撥拨騙骗報报監监獄狱執执構构門门總总廳厅醫医療疗盡尽緊紧額额搶抢錯错過过權权據据數数價价廣广" +
	"銷销講讲認认識识聲声腦脑軟软體体類类幹干網网頭头區区處处長长發发運运營营無无風风穩稳賠赔虧亏損损獲获萬万億亿專专頂顶領领" +
	"導导傳传鐘钟鍾钟週周歡欢參参與与調调査查氣气決决簽签轉转擔担憂忧鬧闹滾滚試试筆笔統统訪访東东紅红陳陈見见頓顿議议約约設设" +
	"讀读錢钱賣卖貸贷齊齐達达選选擇择劃划囉啰舉举庫库紀纪檢检稱称熱热經经濟济協协縣县鎮镇鄉乡勵励贊赞補补貼贴將将懲惩違违規规" +
	"賽赛質质倉仓衝冲趕赶繫系陣阵兩两幾几鐵铁歸归閒闲閑闲雜杂響响靜静覺觉飲饮駕驾駛驶課课學学" +
	"僅仅產产種种樣样憑凭薦荐製制團团購购辦办遲迟強强歷历帶带態态談谈願愿須须計计隨随擊击證证緻致"
