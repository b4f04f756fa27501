package main

var enOptOut = cores(`
stop calling me
please stop calling this number
take me off your list
remove my number from your list
don't call me again
do not call this number again
put me on your do not call list
I want to be removed from your calling list
never call here again
quit calling me
lose my number
delete my number please
I don't want any more calls from you
no more calls
stop ringing me
unsubscribe me
opt me out
take my number off your system
I want off your list
leave me alone and don't call back
stop contacting me
don't ever phone me again
cross my name off your list
I revoke my consent to be called
you don't have my permission to call me
I never agreed to these calls
I'm asking you to stop calling
I've told you before, stop calling
how many times do I have to tell you to stop calling
this is harassment, stop it
erase my details from your records
don't contact me anymore
get me off your call list
I said take me off the list
please remove me from the list
wipe my number from your records
never ring this number again
cease calling me
stop these calls
I want these calls to stop
can you stop calling me please
I'd like to be taken off your list
put me on the no call list
add me to your do not call list
please don't use my number
don't use my number for anything
I don't want you to call this number anymore
do not contact me again by phone
I want my number deleted from your database
take this number off your list
remove this number
I'm telling you to stop calling
you need to stop calling me
don't call this phone again
no more phone calls please
stop calling my house
I want to opt out
just take me off
you people need to stop ringing me
I don't want to be called again
please don't call back
don't call me back, ever
please stop phoning my mobile
stop dialing this number
I asked you last week to stop calling
this number is not to be called
my number should be removed
I want my details deleted
scrub my number from your list
~I'd prefer this number not be rung
~how do I stop getting these
~how do I stop getting these calls
~is there a way to not get these calls
~can I get off this list
~how do I get off your list
~I'd rather you didn't call this number
~I'd prefer not to be contacted again
~I don't want you using my number
~I don't want my number on your list
~I don't like you having my number
~I object to you using my data
~I don't consent to you keeping my details
~you shouldn't be calling me
~why do you keep calling me
~I'm tired of these calls
~I'm sick of you people calling
~this number shouldn't be on your list
~I don't want to hear from you again
~don't bother calling again
~you can stop calling now
~I'm done with these calls
~I'd appreciate it if you didn't call again
~could you not call me anymore
~I wish you would stop calling
~I don't want to be on any list
~forget you ever had this number
~I'd like my number deleted
~don't keep my number
~I'd like not to be contacted again
~I'd rather not get any more calls
~maybe just don't call this number again
~I guess you can take me off the list
~what do I have to do to stop these calls
~I never want to hear from you again
~please don't ring here anymore
~I'd rather my number wasn't used for this
~I don't want my information used
~can you make these calls stop
~can you not ring this number
~I'd like you to stop
~is it possible to be removed from your list
~I really don't want calls like this
`)

var enRefusal = cores(`
I'm not interested
not interested thanks
no thanks
no thank you, I'll pass
I don't do surveys
I don't want to take part
I'm not doing your survey
nope, not for me
I'd rather not
count me out
not for me, thanks
no, I don't want to
I don't have time for this
go away
buzz off
get lost
I'm hanging up now
I'm not answering any questions
I decline
no way
hard pass
not a chance
nah, not interested
not interested in your survey
I'm not gonna do this
forget it
no, I'm not doing this
I don't talk to robots
I won't participate
I'm going to hang up
thanks but no thanks
not interested, bye
I don't want to do the survey
no, I'm not taking any survey
I'm not in the mood for this
sorry, not interested at all
I don't want to answer questions
we're not interested
I'll pass on that
don't want it
no, go away
not today, not ever
piss off
I'm not buying anything
I don't need this
I refuse to do this survey
I have no interest
no interest whatsoever
no no no, not interested
I'd rather not do this
I really can't be bothered
~I don't really feel like it
~I'm not sure I want to do this
~meh, I'd rather skip it
~I don't think I want to do this
~I'm not really up for a survey
~can we not do this
~I'd prefer to skip the survey
~this isn't really my thing
~I'm not keen
`)

var enCallback = cores(`
call me back later
can you call tomorrow
I'm busy right now
I'm driving, can you call later
not a good time
try me next week
I'm at work, call me after five
ring me back in an hour
I'm in a meeting
can we do this another time
maybe later
now isn't good
I'm about to head out, call me tonight
could you call back this evening
catch me on the weekend
I'm cooking dinner right now, call later
give me a call tomorrow morning
not right now, sorry
I can't talk right now
call back on Monday
this is a bad time
can you try again after lunch
I'm with a customer, call me back
I'm in the middle of something
can you phone back in twenty minutes
I'm at the doctor, call later please
try again tomorrow
can you call me on Friday afternoon
I'm on another call
call back around six
`)

var enAskAI = cores(`
are you a robot
is this a real person
am I talking to a machine
is anyone human there
is there a human on the line
is this a recording
are you a real person or a computer
is this an automated call
are you AI
am I speaking to a bot
is there a person there
hello, is anybody real there
can I speak to a human
are you a live person
is this a computer talking
wait, are you actually a person
you're a bot, aren't you
is this thing automated
are you human
is somebody actually there
is this a real human
am I talking to a real person
are you a recorded message
is a human listening
let me talk to a real person
are you some kind of computer
is this an AI calling me
is there anyone human I can talk to
are you a person or a program
I want to speak to a person
is anyone actually on the line
you sound like a robot
am I chatting with artificial intelligence
is this a machine
`)

var enAskID = cores(`
who is this
who's calling
sorry, who did you say you were with
what company again
where did you get my number
who are you with
what's the company name again
sorry, what was the name
who did you say you're calling from
can you repeat who you are
who gave you my number
how did you get this number
what's this about
why are you calling me
which company is this
say the name of your company again
I didn't catch who you are
what business is this
is this a scam
who do you represent
what did you say your name was
come again, who is this
where are you calling from
who am I speaking with
what's this call regarding
who's this calling
what outfit is this
sorry, which company did you say
how did you find my number
who is calling please
what was the company called again
remind me who you are
say again who you work for
who are you people
what organisation are you from
who sent you
who is on the line
what is the name of your business
`)

var enNone = cores(`
yes
sure, go ahead
I'd give it a four
I'd give it a five
I would say a four
five
it was great
the technician was on time
no problems at all
I'd say a seven out of ten
yes, I was happy with it
they fixed the leak quickly
it was okay I guess
pretty good overall
the price was fair
no, nothing else
yeah, that's fine
ask away
I have a few minutes
ten out of ten
maybe a six
it was fine
the plumber was polite
no, I haven't had any problems
not really, it's been fine since
yes they cleaned up after
about an hour
he explained everything clearly
I think so
definitely
I'm happy to help
the leak stopped later that day
the plumber was busy but came the next morning
they took the old boiler off the list of jobs
my wife said she would call you back about the invoice
my neighbour told me to stop calling the old company
I wasn't interested at first but the service was excellent
I used to not be interested in surveys but sure, go ahead
no thanks needed, they did a great job
no thanks on the warranty, but the repair was great
I'm not interested in the upgrade but the visit was fine
I stopped calling the other plumber after this
don't worry about it, it was fine
they removed the old pipe
the noise stopped after they fixed it
they called me back within an hour
I called them to remove the old unit
the tech said don't call the landlord
he put my name on the list for next week
I was busy so my husband let him in
I'd call it a solid eight
I wouldn't call it perfect but it was good
they never stopped working until it was done
I'm not busy, go ahead
no, I don't have any complaints
no, I didn't have to call back
I'm happy for you to keep calling about this
later they sent the invoice
it broke again later but they came back
the robot vacuum got stuck under the sink
who fixed it, I think it was Dave
where did I put the receipt
he asked who I bank with
my son told them not to call before noon
the receptionist said they'd call me later and they did
I wasn't busy that day
the old company kept calling but you guys were fine
I told the last company to stop calling, you're fine
I was going to cancel but they came on time
I almost said no thanks but I'm glad I didn't
no, the machine is working now
they said to call back if it leaks again
the human touch was nice, the tech was friendly
I asked them to remove the rubbish and they did
my number changed last year but this one is right
the list of repairs was long but they did it all
they took my name and number at the door
nothing to complain about
it's been working since they left
he was not in a hurry, took his time
I don't remember exactly, maybe a four
no, it was the first time I called
not at all, it was easy
I don't have any problems with them
I wouldn't change anything
I didn't want to bother them but they were nice
no need to send anyone else, it's fixed
they stopped the leak
stop, let me think, maybe a three
hold on, let me think
sorry, could you repeat the question
what was the question again
I'm not sure, maybe a six
can you say that again
no, nothing to add
they were better than the last plumber
i would say a four
i would give it a five
four out of five
a three I suppose
I'm not unhappy with it
not bad at all
I'd recommend them
`)

// Pieces for templates.
var (
	enRatings = []string{"I'd give it a four", "five", "a solid eight", "maybe a three", "I'd say a seven",
		"ten out of ten", "it was good", "they did fine", "I was happy with the visit", "the repair held up",
		"probably a six", "the plumber was great", "it went well", "two, to be honest", "a nine"}
	enUpsells = []string{"the warranty", "the newsletter", "the extended plan", "the membership", "the add-on",
		"the annual service contract", "the discount card", "the water filter", "the upgrade", "the loyalty scheme",
		"the insurance", "the promotions"}
	enNarr = []string{
		"the leak stopped later", "the plumber was busy that week", "they crossed it off the list of jobs",
		"my husband said he'd call them back", "the dripping stopped after a day", "the engineer told me to stop using the tap",
		"they were busy so they came later", "the fault is off the list now", "my daughter said they would ring tomorrow",
		"they said they would call me later", "the pipe was removed", "he told me not to call the gas board",
		"they said don't contact the insurer yet", "I was not interested in the quote they gave", "I used to be on their list",
		"my old number was removed from the account", "they asked me to stop running the water",
		"the tap stopped leaking", "I had to call them twice", "they took the old unit away",
	}
	enNarrTail = []string{"", " but it's fine now", ", anyway it was good", " and the work was solid", ", no complaints"}
	enOptTail  = []string{"", " please", " thanks", " okay", " right now", " for good"}
	enPre      = []string{"", "look, ", "listen, ", "sorry, ", "okay ", "honestly ", "yeah ", "um ", "no, ", "hey, ", "ugh, "}
)

func buildEN() {
	for i, c := range enOptOut {
		sp := split(i)
		emitEN(core{pick(enPre) + c.text + pick(enOptTail), c.weak}, "opt_out", sp)
		emitEN(c, "opt_out", sp)
		// an answer, then the opt-out after "but": the clause after it carries the wish
		emitEN(core{pick(enRatings) + " but " + c.text, c.weak}, "opt_out", sp)
		if i%2 == 0 {
			emitEN(core{"I'm not interested, " + c.text, c.weak}, "opt_out", sp)
		}
	}
	for i, c := range enRefusal {
		sp := split(i)
		emitEN(c, "refusal", sp)
		emitEN(core{pick(enPre) + c.text, c.weak}, "refusal", sp)
		if i%2 == 1 {
			emitEN(core{"the visit was fine but " + c.text, c.weak}, "refusal", sp)
		}
	}
	for i, c := range enCallback {
		sp := split(i)
		emitEN(c, "callback", sp)
		emitEN(core{pick(enPre) + c.text, false}, "callback", sp)
	}
	for i, c := range enAskAI {
		sp := split(i)
		emitEN(c, "ask_if_ai", sp)
		emitEN(core{pick([]string{"wait, ", "hang on, ", "sorry, ", "hello? ", "before we go on, "}) + c.text, false}, "ask_if_ai", sp)
	}
	for i, c := range enAskID {
		sp := split(i)
		emitEN(c, "ask_identity", sp)
		emitEN(core{pick([]string{"hang on, ", "sorry, ", "wait, ", "hello? ", "hmm, "}) + c.text, false}, "ask_identity", sp)
	}
	for i, c := range enNone {
		sp := split(i)
		emitEN(c, "none", sp)
	}
	for i, u := range enUpsells {
		sp := split(i)
		r := pick(enRatings)
		emitEN(core{r + ", but no thanks on " + u, false}, "none", sp)
		emitEN(core{"not interested in " + u + " but " + pick(enRatings), false}, "none", sp)
		emitEN(core{r + " and no thanks to " + u, false}, "none", sp)
		emitEN(core{"I don't need " + u + ", the repair was fine though", false}, "none", sp)
	}
	for i, n := range enNarr {
		sp := split(i)
		emitEN(core{n + pick(enNarrTail), false}, "none", sp)
		emitEN(core{pick(enRatings) + ", " + n, false}, "none", sp)
		emitEN(core{n + ", " + pick(enRatings), false}, "none", sp)
	}
}
