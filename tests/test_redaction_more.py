"""More redaction cases, written blind (before reading the redactor) as young people type.

Each row is (message, substrings that must be gone, substrings that must stay). Keeps also
check that the whole message comes back unchanged.

Judgement calls (consistent with tests/test_redaction_cases.py, which wins on any conflict):
- A numbered street address ("14 Elm Road", "22b Station Lane") is redacted, like a full
  postcode; so is a street after "live on", "on", "at" (as in tests/test_redaction.py, "on Elm
  Grove"); a street passed by ("the bus down Station Road") is kept.
- "2nd", "3rd" after "m8", "b4", "ps5" are ordinals, not the inward half of a postcode.
- A capitalised word after "called"/"named" goes only when a person is being named (after a
  word for a person: carer, sw, PA, boy, girl, brother, ...) or after "his/her name is".
  Things, places, clubs, games, films, charities and pets keep their names.
- Nationalities, religions and adjectives after "my carer is" stay ("my carer is Nigerian").
- Helplines (Childline, Shout 85258, Samaritans 116 123, NSPCC 0808 800 5000) stay; so does
  any freephone (080x) or 03 number, which belong to services, never to a child or carer.
- "I called Shelter": after "I/we/they called" (phoning) only a known first name is redacted.
- A platform word with no handle ("my tiktok is private", "add me on snap when...") stays.
"""

from __future__ import annotations

import time

import pytest

from bot.services.redaction import redact

CASES: list[tuple[str, list[str], list[str]]] = [
    # A family's or a house's street goes, even after "the" (a shop's stays: KEEPS).
    ("the Jacksons on Elm Grove shout at me", ["Elm Grove"], ["the Jacksons on"]),
    ("my mate Jo in the house on Elm Grove", ["Elm Grove"], ["the house on"]),
    # ---- usernames
    ("add me on snap its jaydenw_07 x", ["jaydenw_07"], ["add me on snap"]),
    ("my snap is ellie.rose22 if u wanna chat", ["ellie.rose22"], ["if u wanna chat"]),
    ("snapchat: kayla_xo.x", ["kayla_xo.x"], ["snapchat"]),
    ("insta is @lil.mo_99 lol", ["lil.mo_99"], ["insta is", "lol"]),
    ("follow my insta mollyy.b", ["mollyy.b"], ["follow my insta"]),
    ("my ig is tyler__2k9", ["tyler__2k9"], ["my ig is"]),
    ("instagram - sophie.h.2010", ["sophie.h.2010"], ["instagram"]),
    ("tiktok @dancingdemi_", ["dancingdemi_"], ["tiktok"]),
    ("my tiktok is callum.edits 🔥🔥", ["callum.edits"], ["my tiktok is", "🔥"]),
    ("tik tok: jess_vlogs123", ["jess_vlogs123"], ["tik tok"]),
    ("discord is shadowfox#2231", ["shadowfox"], ["discord is"]),
    ("add me on discord ghost_rider88", ["ghost_rider88"], ["add me on discord"]),
    ("my discord username is nova.beats", ["nova.beats"], ["my discord username is"]),
    ("my @ is @kierxn.w", ["kierxn.w"], ["my @ is"]),
    ("my @ is tilly_m08 on everything", ["tilly_m08"], ["on everything"]),
    ("telegram @harry_p_2008", ["harry_p_2008"], ["telegram"]),
    ("my telegram is @zaraa_k", ["zaraa_k"], ["my telegram is"]),
    ("whatsapp me 07700 900135 after school", ["07700 900135"], ["after school"]),
    ("my xbox gamertag is xXSnipeKingXx", ["xXSnipeKingXx"], ["my xbox gamertag is"]),
    ("add me on xbox DarkWolf2009", ["DarkWolf2009"], ["add me on xbox"]),
    ("psn is lewis_gamer_10", ["lewis_gamer_10"], ["psn is"]),
    ("my psn id: mad_max_777", ["mad_max_777"], ["my psn id"]),
    ("roblox user is cutiepie_2012", ["cutiepie_2012"], ["roblox user is"]),
    ("add me on roblox its BlockBuilderBen", ["BlockBuilderBen"], ["add me on roblox"]),
    ("my twitch is twitch.tv/streamerliam", ["streamerliam"], ["my twitch is"]),
    ("i stream on twitch as gamer_girl_ava", ["gamer_girl_ava"], ["i stream on twitch"]),
    ("SNAP ME: RILEY.J09", ["RILEY.J09"], ["SNAP ME"]),
    ("add me on snap x its amyyy.s x", ["amyyy.s"], ["add me on snap"]),
    ("i made a new insta its @care.leaver.life", ["care.leaver.life"], ["i made a new insta"]),
    (
        "ok so basically my carer took my phone but my snap is still lucyloo.77 so message me",
        ["lucyloo.77"],
        ["my carer took my phone", "so message me"],
    ),
    ("dm me on insta @the_real_josh", ["the_real_josh"], ["dm me on insta"]),
    ("my insta handle is @mia.x.x", ["mia.x.x"], ["my insta handle is"]),
    ("add me on snapchat - connor_b", ["connor_b"], ["add me on snapchat"]),
    ("my sc is brooke.wx", ["brooke.wx"], ["my sc is"]),
    ("my ig and snap are both kayden.h", ["kayden.h"], ["my ig and snap"]),
    ("her snap is evie_b and she keeps sending me stuff", ["evie_b"], ["she keeps sending"]),
    ("my username is mikey_b2 on everything", ["mikey_b2"], ["on everything"]),
    # ---- emails
    ("email me jess.smith@gmail.com", ["jess.smith", "gmail.com"], ["email me"]),
    ("my email is tom_b99 at hotmail dot com", ["tom_b99", "hotmail"], ["my email is"]),
    ("contact me at ryan (at) outlook (dot) com", ["ryan", "outlook"], ["contact me"]),
    ("email: chloe[at]yahoo[dot]co[dot]uk", ["chloe", "yahoo"], ["email"]),
    ("its danny @ gmail . com", ["danny", "gmail"], ["its"]),
    ("my email is megan.jones at gmail dotcom", ["megan.jones", "gmail"], ["my email is"]),
    ("email me on kyle2008 AT icloud DOT com", ["kyle2008", "icloud"], ["email me on"]),
    ("my email addy is liv_x at live dot co dot uk", ["liv_x"], ["my email addy is"]),
    ("emily.r{at}gmail{dot}com", ["emily.r", "gmail"], []),
    ("my school email is j.patel@student.stmarys.sch.uk", ["j.patel", "stmarys"], ["my school"]),
    ("u can email me sam dot wright at gmail dot com", ["wright", "gmail"], ["u can email me"]),
    ("reply to JAMIE.LEE@HOTMAIL.CO.UK please", ["JAMIE.LEE", "HOTMAIL"], ["please"]),
    ("email me (its ashx07 @ yahoo dot com) thanks", ["ashx07", "yahoo"], ["thanks"]),
    ("my email is bella_b at gmail.com", ["bella_b", "gmail"], ["my email is"]),
    # ---- phones
    ("my number is 07700 900 123", ["07700 900 123"], ["my number is"]),
    ("text me on 07700900456", ["07700900456"], ["text me on"]),
    ("ring me 07700.900.789", ["07700.900.789"], ["ring me"]),
    ("call me on 07700-900-321", ["07700-900-321"], ["call me on"]),
    ("my mobile is +44 7700 900654", ["7700 900654"], ["my mobile is"]),
    ("+447700900987 is my number", ["7700900987"], ["is my number"]),
    ("call (0161) 496 0123", ["496 0123"], ["call"]),
    ("my nans landline is 0161 496 0456", ["0161 496 0456"], ["my nans landline is"]),
    ("home phone 020 7946 0018", ["020 7946 0018"], ["home phone"]),
    ("my number is oh seven seven double oh nine double oh one two three", ["nine double"], []),
    ("text me zero seven seven zero zero nine zero zero one one one", ["seven zero zero"], []),
    ("number is 07seven00 900 222", ["07seven00", "900 222"], ["number is"]),
    ("its 0 7 7 0 0 9 0 0 3 3 3", ["0 7 7 0 0 9 0 0 3 3 3"], ["its"]),
    ("call me on 0044 7700 900555", ["7700 900555"], ["call me on"]),
    ("(+44) 07700 900666", ["07700 900666"], []),
    ("my number's 07700 900777 text after 4", ["07700 900777"], ["text after 4"]),
    ("ring my carer on 01632 960 001 if im not answering", ["01632 960 001"], ["if im not"]),
    ("07 700 900 999 is my mums", ["07 700 900 999"], ["is my mums"]),
    ("my num is 07700 nine double zero four four four", ["nine double zero"], ["my num is"]),
    ("ph: (01632) 960-002", ["960-002"], []),
    ("+44 (0) 161 496 0999", ["496 0999"], []),
    ("zero seven seven zero zero 900 666 x", ["900 666"], []),
    # ---- postcodes
    ("i live in M14 5AB", ["M14 5AB"], ["i live in"]),
    ("my postcode is sw1a1aa", ["sw1a1aa"], ["my postcode is"]),
    ("we moved to LS6 2QT last week", ["LS6 2QT"], ["last week"]),
    ("postcode: b15 2tt", ["b15 2tt"], ["postcode"]),
    ("foster placement is in EC1A 1BB area", ["EC1A 1BB"], ["foster placement"]),
    ("CF244HQ is where i am now", ["CF244HQ"], ["is where i am now"]),
    ("my new house is bt7 1nn", ["bt7 1nn"], ["my new house is"]),
    # ---- addresses
    ("i live at 14 Elm Road", ["Elm Road"], ["i live at"]),
    ("im at 7 oak street now with my new carers", ["oak street"], ["with my new carers"]),
    ("my address is 22b Station Lane, Leeds", ["Station Lane"], ["my address is"]),
    ("we moved to flat 3, 45 Church Avenue", ["Church Avenue"], ["we moved to"]),
    ("come to 101 Kingsway Close pls", ["Kingsway Close"], ["come to"]),
    # ---- names
    ("my carer Sarah is really nice", ["Sarah"], ["my carer", "is really nice"]),
    ("my social worker is Mark Evans and he never calls back", ["Mark", "Evans"], ["he never"]),
    ("my sw Jenny keeps changing", ["Jenny"], ["keeps changing"]),
    ("my key worker Dave helped me with my CV", ["Dave"], ["helped me with my CV"]),
    ("my foster mum Linda shouts at me", ["Linda"], ["shouts at me"]),
    ("my PA Priya is amazing", ["Priya"], ["is amazing"]),
    ("my personal advisor is called Tom Hughes", ["Tom", "Hughes"], ["my personal advisor"]),
    ("theres a boy called Jordan who bullies me", ["Jordan"], ["who bullies me"]),
    ("a girl named Chantelle keeps messaging me", ["Chantelle"], ["keeps messaging me"]),
    ("his name is Kieran", ["Kieran"], ["his name is"]),
    ("her name's Aisha and shes my best mate", ["Aisha"], ["shes my best mate"]),
    ("my foster dad Gary is ok", ["Gary"], ["is ok"]),
    ("my social worker, Helen, said i cant go", ["Helen"], ["said i cant go"]),
    ("my sw is called Rachel O'Neill", ["Rachel", "O'Neill"], ["my sw is called"]),
    ("my new carer is named Bev", ["Bev"], ["my new carer"]),
    ("my keyworker Nathan Clarke", ["Nathan", "Clarke"], ["my keyworker"]),
    ("my iro is called Fiona", ["Fiona"], ["my iro is called"]),
    ("my brother is called Tyler and hes in a different placement", ["Tyler"], ["my brother"]),
    ("her name is Mary-Jane", ["Mary-Jane"], ["her name is"]),
    ("my carer mrs Patel is strict", ["Patel"], ["is strict"]),
    ("my key worker from Barnardo's is called Steph", ["Steph"], ["Barnardo's"]),
    (
        "hi im 15 and in foster care. my sw Jenny said i cant see my mum till after my review "
        "on 12 March. my snap is lucyloo.77 or email lucy dot b at gmail dot com thanks x",
        ["Jenny", "lucyloo.77", "gmail"],
        ["12 March", "my review", "foster care"],
    ),
]

KEEPS: list[tuple[str, list[str], list[str]]] = [
    ("the Leaving Care Team never answer the phone", [], ["Leaving Care Team"]),
    ("the Virtual School helped me get a tutor", [], ["Virtual School"]),
    ("i go to St Mary's Academy", [], ["St Mary's Academy"]),
    ("Barnardo's run a group on tuesdays", [], ["Barnardo's"]),
    ("i rang Childline 0800 1111 last night", [], ["0800 1111"]),
    ("the Independent Reviewing Officer came to my review", [], ["Independent Reviewing"]),
    ("my mate called the police", [], ["the police"]),
    ("we played a game called Minecraft", [], ["Minecraft"]),
    ("we watched a film called Wonka", [], ["Wonka"]),
    ("i go to a youth club called The Hub", [], ["The Hub"]),
    ("my school is called Oakwood High School", [], ["Oakwood High School"]),
    ("my college is called Leeds City College", [], ["Leeds City College"]),
    ("a charity called Become helped me", [], ["Become"]),
    ("my dog is named Biscuit", [], ["Biscuit"]),
    ("my sw never replies", [], ["never replies"]),
    ("my foster mum is kind", [], ["kind"]),
    ("my PA helped me with uni forms", [], ["uni forms"]),
    ("i called Childline", [], ["Childline"]),
    ("i called the Leaving Care Team twice", [], ["Leaving Care Team"]),
    ("i called Virtual School and they helped", [], ["Virtual School"]),
    ("i texted Shout on 85258", [], ["85258"]),
    ("you can ring Samaritans on 116 123", [], ["116 123"]),
    ("NSPCC helpline 0808 800 5000", [], ["0808 800 5000"]),
    ("the Children in Care Council meets monthly", [], ["Children in Care Council"]),
    ("i live in the M14 area", [], ["M14"]),
    ("we moved to Manchester", [], ["Manchester"]),
    ("i was in care in 2019 2020 and 2021", [], ["2019 2020"]),
    ("i was 14 when i moved placement", [], ["14"]),
    ("my review is on 12 March", [], ["12 March"]),
    ("the meeting is 10.30-12.00 on weds", [], ["10.30-12.00"]),
    ("i get £1,250 a month from uni", [], ["£1,250"]),
    ("snap is better than insta", [], ["better"]),
    ("i deleted my tiktok", [], ["tiktok"]),
    ("my discord is dead lol", [], ["dead lol"]),
    ("add me on snap when i get my phone back", [], ["when i get my phone back"]),
    ("my @ is the same as before", [], ["the same as before"]),
    ("i play roblox with my foster brother", [], ["foster brother"]),
    ("my psn got banned", [], ["got banned"]),
    ("i dont have whatsapp", [], ["whatsapp"]),
    ("email the council about it", [], ["the council"]),
    ("meet me at the park at 5", [], ["at the park at 5"]),
    ("the Fostering Team are slow", [], ["Fostering Team"]),
    ("my social worker from the Disabled Children's Team", [], ["Disabled Children's Team"]),
    ("the Youth Offending Team said it was fine", [], ["Youth Offending Team"]),
    ("i go to King Edward VI School", [], ["King Edward VI School"]),
    ("my carer took me to Nando's", [], ["Nando's"]),
    ("the Corporate Parenting Board should listen", [], ["Corporate Parenting Board"]),
    ("i was called names at school", [], ["names at school"]),
    ("the Staying Put scheme is good", [], ["Staying Put"]),
    ("my carer is Nigerian", [], ["Nigerian"]),
    ("my sw is Scottish", [], ["Scottish"]),
    ("my foster mum is Catholic", [], ["Catholic"]),
    ("my PA is Indian too", [], ["Indian too"]),
    ("got the number 14 bus down Station Road", [], ["14 bus down Station Road"]),
    # Where a shop or a public place is, not where a person lives.
    ("got jumped outside the Lidl on Brook Street", [], ["Lidl on Brook Street"]),
    ("the chippy on Mill Lane does free chips", [], ["chippy on Mill Lane"]),
    ("we hang about at the bus stop on Kings Road", [], ["bus stop on Kings Road"]),
    ("my key worker at The Foyer is ok", [], ["The Foyer"]),
    ("my PA from Catch22 rang", [], ["Catch22"]),
    ("my carer is really Strict lol", [], ["Strict"]),
    ("scored 5 out of 10", [], ["5 out of 10"]),
    ("her name is on the rota", [], ["on the rota"]),
    ("i was in year 7 in 2019", [], ["year 7", "2019"]),
]


@pytest.mark.parametrize(("text", "must_go", "must_stay"), CASES)
def test_identifying_details_go(text: str, must_go: list[str], must_stay: list[str]) -> None:
    out = redact(text)
    for gone in must_go:
        assert gone not in out, f"{gone!r} left in {out!r}"
    for kept in must_stay:
        assert kept in out, f"{kept!r} removed from {out!r}"


@pytest.mark.parametrize(("text", "must_go", "must_stay"), KEEPS)
def test_ordinary_messages_come_back_whole(
    text: str, must_go: list[str], must_stay: list[str]
) -> None:
    out = redact(text)
    for kept in must_stay:
        assert kept in out, f"{kept!r} removed from {out!r}"
    assert out == text


def test_there_are_enough_new_cases() -> None:
    assert len(CASES) >= 90
    assert len(KEEPS) >= 60


@pytest.mark.parametrize(
    "unit",
    [
        "my @ is ",
        "07 700 ",
        "x (at) y (dot) ",
        "my carer ",
        "14 Elm ",
        "oh seven double ",
        "Tyler's ",
        "Ab Cd keeps keeps keeps ",
        "it's Ab ",
        "Regards, Ab Cd\n",
        "Uncle Ab ",
        "this lad ",
        "some guy going by ",
        "Kerry-Ann-Bo-",
        "@ ",
        "Niamh and ",
        "0\ufe0f\u20e3",
        "07 \U0001f4f1 ",
        "linktr.ee/x ",
        "add me ",
        "apartment 12, ",
    ],
)
def test_hostile_input_stays_fast(unit: str) -> None:
    text = (unit * (10_000 // len(unit) + 1))[:10_000]
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 2.0
