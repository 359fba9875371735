"""Redaction words: the marks left in place of details, and the word lists names are judged by."""

from __future__ import annotations

REDACTION_MARKS = {
    "email": "[email]",
    "url": "[link]",
    "handle": "[username]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "address": "[address]",
    "name": "[name]",
    "id_number": "[ID number]",
    "birth_date": "[date of birth]",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Everyday words that follow "my carer", "my snap is" or a house number without being a name, a
# username or a street. Kept short on purpose: anything not listed is treated as identifying, so a
# gap costs a word of the message, never a child's privacy.
COMMON_WORDS = _words(
    """
    a about above after again against ago all almost alone already also always am an and angry
    annoying another any anymore anyone anything are around as asap ask asked asking at away
    awful back bad basically be because been before being best better between big bit blocked
    both bored boring broke broken brother busy but by came can cant can't care cares caring
    cos coz could couldnt couldn't dad day days dead deleted did didnt didn't do does doesnt
    doesn't doing done dont don't down during each else even ever every everyone everything
    fine first for from full gave get gets getting give gives go goes going gone good got great
    had hacked hardly has hasnt hasn't hate hates have havent haven't having he her here hers
    him his home honestly how i idk if im i'm in into is isnt isn't it its it's just keep keeps
    kind know knows last later least left less let lets like likes literally lol lot lots love
    loves made make makes many maybe me mean mine more most much mum must my myself nan need
    needs never new next nice no nobody none not nothing now of off often ok okay old on once
    one only or other our out over own people please pls plz private proper properly quite
    rather really right said same saw say says see sees seems she should shouted shouts since
    so some someone something sometimes soon sorry still stop such sure take takes taken tbh
    tbf tell tells than thank thanks that the their them then there these they thing things
    think thinks this those though thought through till to today told tomorrow too took totally
    tried tries try trying u ur under until up upset us use used usually very want wants was
    wasnt wasn't way we week weeks well went were what when where which while who whole why
    will with without wont won't would wouldnt wouldn't ya yeah yes yet you your yours youre
    you're account name names username handle id tag page profile again yet innit dm dms
    message messages msg text texts call calls ring rings add follow followed minute minutes
    min mins hour hours second seconds mile miles year years month months time times morning
    night evening afternoon weekend tho whenever wen wenever rn tmrw tmr 2moz l8r lata sometime
    anytime bk x xx xxx babes hunny ye yh k kk idc lmk btw ngl fr 2nite tonite tonight asap
    soon shook hit hits grabbed slapped punched kicked pushed screamed yelled swore laughed
    cried helped helps help says said told tells shouts shouted smacked threatened touched took
    round over ahead upon security shotgun dibs cops feds quits everybody
    smokes drinks cooks buys visits visited screams refuses refused jokes works ignores blames
    punishes treats locks locked moved changed quit rang emailed texted phoned pays paid picks
    picked drives drove walks walked lies lied lets shares shared steals stole swears forgets
    forgot listens listened talks talked speaks spoke explains explained understands checks
    checked comes cancels cancelled promised promises agrees agreed allows allowed bans banned
    searches searched reports reported judges judged scares scared hurts hurt bullies bullied
    controls controlled might rarely everyday actually probably definitely seriously clearly
    obviously constantly suddenly finally eventually recently
    """
)

# Common first names in the UK, for names typed without a capital ("my foster carer sharon").
# A lower-case word after "my carer" is redacted only if it is listed here: everyday words that
# are also names (will, mark, grace, hope, rob, may) are left out on purpose.
FIRST_NAMES = _words(
    """
    aaliyah aaron abdul abdullah abi abigail adam adrian ahmed aidan aiden aisha alan alex
    alexa alexander alfie ali alice alicia alisha amaan amanda amara amelia amir amy ana andrea
    andrew andy angela anna annie anthony antony archie arjun arthur ashley aston ayaan ayesha
    bailey becky bella ben benjamin bethany beth bev beverley billy blessing bobby bradley
    brandon brooke bryony callum cameron carl carla carly caroline casey cassie catherine
    charlie charlotte chelsea chloe chris christine christopher ciara claire clare connor
    courtney craig daisy dale damien dan daniel danielle danny darren dave david dawid declan
    demi denise dennis derek dexter dominic donna dylan ebony eddie edward eleanor elijah ellie
    elliot ellis emily emma eric erin ethan eve evie faisal fatima fiona finley finn freddie
    freya gary gavin gemma george georgia graham hannah harley harriet harrison harry harvey
    hassan hayden hayley heather helen henry holly hussain ian imogen isaac isabel isabella
    isla ismail jacob jade jake james jamie jan janet jasmine jason jay jayden jenny jess
    jessica jim jimmy joanne jodie joe joel john jordan joseph josh joshua julie justin kacper
    kai karen kate katie kayden kayla kayleigh keira kelly kerry kev kevin khadija kian kieran
    kim kyle lacey laura lauren layla leah lee leo leon lewis liam lily lisa logan lola louis
    louise lucas lucy luke lydia maddie maisie mandy maria marie marley martin mason matt
    matthew megan mia michael michelle mike millie mohammed mohammad muhammad molly nadia naomi
    natalie nathan neil nicola niamh noah oliver olivia omar oscar owen paige patrick paul
    pete peter phoebe poppy priya rachel rebecca reece rhys riley robert robbie rory ryan sadie
    sally sam samantha samuel sara sarah scarlett scott sean shane shannon sharon shauna shelby
    sian simon sophie stacey stephen steve steven stuart susan tanya taylor terry theo thomas
    tia tiffany tom tommy toni tony tracy tyler tyrone vicky victoria wayne yasmin yusuf zac
    zach zain zainab zara zoe abbie abdi abdirahman abigayle adeel adele adnan aimee aisling
    alana alanna alesha alfie-james aliyah alisha alyssa amber-rose amelie amina amirah anais
    aneesa anika anisa anya arlo aryan asad asha ashton aurora ava ayden aylin azra bartek
    becca bianca billie bilal blake bradley brodie bronwen caitlin caleb callie carmen carys
    casper cerys chantelle chanel chardonnay charley chidi chantel ciaran cody colin corey
    dakota dalia damian danika dante darcy darcey darius dawud deborah deja delilah demi-leigh
    deshawn desiree dina divya ebonie eden eilidh elif eliza ella ellis-jay elsie elyse emeka
    emilia emre esme ethan-james evan ezra fabian farah fatma felix filip francesca frankie
    gabriel gabriella gabby gareth gethin gracie-mae grayson haider haleema hamza hanna harlow
    harper hassan-ali hollie hugo ibrahim idris ifeoma ifeanyi ilyas imran inaya iqra isaiah
    isobel ivan izzy jace jacek jack-james jaden jakub jamal jameela janelle jaxon jaylen
    jaylon jeevan jenna jerome jodie-leigh jolene jonah jonathan josie jovan kaden kacey kadeem
    kai-lee kamal kamran karim karolina kasia kayleigh-ann kaylee keeley keegan kelsey kemi
    kenzie kenny keon khalid kiera kirsty kofi krystal kwame lacey-mae lamar lana larissa
    leanne leigh leila lennon lenny lexi lexie liam-james lilly lina lorna lottie luca lukas
    maci macy madison mahnoor maja malachi malik manon maryam marcus mateusz matilda maxine
    maya mckenzie mehmet melissa mercedes mikayla mila milan milo mirza mitchell mohamed morgan
    nadine nasir natasha nathaniel nia nikita nina noor nyla obi oisin olamide oleksandr oliwia
    ollie orla otis parveen peyton priyanka rafael raheem rahul raj rania rashid rayan rayyan
    reggie reuben rhianna rhiannon ricky rihanna roisin ronan ronnie rosie rowan ruben rubi
    ryley safa saffron sahil saima sakina salma sami samira sana santino saoirse sasha savannah
    seren shakira shay shayla sienna skye sofia sonny stanley stella sultan sumaya tahmina
    tamara tami tariq tegan terri thea tiana tilly tobias toby tommy-lee travis tristan
    tyler-jay tymon umar usman valentina vanessa veronica vinnie wiktoria xavier yahya yara
    yasmine yousef yusra zak zakaria zane zayn zayne zeynep ziggy zuzanna aled alys bethan
    catrin cai dafydd dewi elin ffion gwen hywel ieuan iwan lowri mali megan-rose nia osian
    rhodri rhys-jay sioned tomos wojciech bartosz agnieszka krzysztof piotr tomasz lukasz
    marta magdalena katarzyna malgorzata szymon kuba oskar zofia siobhan aoife sinead padraig
    cian eoin grainne caoimhe aoibheann niall cathal shazia nasreen farida rukhsana shabana
    hodan faduma ayan hibo ifrah khadra deeqa mohamud mahad liban hamdi abdullahi
    ahmad mustafa hamza-ali youssef omar-faruq zeinab fatuma amal asma samia nadeem waqas
    zubair bilqis sunita anjali deepak ravi sanjay gurpreet harpreet manpreet jaspreet
    """
)


# More first names of children and carers in UK care: Irish, Scottish, Welsh, Polish, Romanian,
# Albanian, Somali, Eritrean, Ethiopian, Afghan, Kurdish, Arabic, Nigerian, Ghanaian, Caribbean,
# South Asian, Vietnamese and Ukrainian. None is an everyday English word in the screen's
# dictionary but a few rare ones ("ade", "amani", "sophia"), nor text-speak ("ayo", "thu", "hai").
FIRST_NAMES = FIRST_NAMES | _words(
    """
    aarav abdallah abdiaziz abdikadir abdisalam abdiwali abena abimbola abiola abrham adaeze
    adaora ade adebayo adeola adewale aditya adjoa adwoa afia agata ailsa aine akash akosua
    akua alasdair albion aleksander aleksandra alexandru alicja alina alistair almaz aman
    amandeep amani amanuel amran anastasia anaya andre andreea andriy angus anil anita
    aoibhe aoibhinn arabella aram arben ardalan ardit arjola arman artem asif audrey ayla
    ayodele azad aziz babajide bahar baljit baran barry bashir bereket bernard besa besart binh
    biniam blerim bogdan bohdan brenda brian brid bridget bronagh bryn bushra busola caoimhin
    catalin catriona chiamaka chibuike chidera chika chinedu chinonso chioma chukwudi clive
    clodagh colleen colm conal conor cormac cosmin costel cristi cristian dami damilola dana
    daniela dardan darragh darya dasha dawit dearbhla deepa deirdre delroy delyth denisa denys
    dequan diarmuid dilan dionne diyar dmytro dominika donal doreen dritan duc dwayne eabha
    eamon eamonn efua eileen eimear eirian eithne ekow elen elira emrys enda enkeleda erion
    ermal esi euan evelyn ewa ewan eyob fadumo fahad farhad farhan farhana farid fartun fatemeh
    fatjon femi fergal feven fiifi filmon filsan finlay fintan fionn fionnuala florin flutura
    fola franciszek fraser funmi funmilayo gabriela gearoid gebre genti geoffrey geraint gerald
    giang gloria glyn gordon gosia greig grzegorz gurdeep gwenllian gwyneth habtom hallie hamid
    hamish hanh hani hania harjit hawa hawre hiba hibaaq hilda hiwet hoa hozan huong hussein
    huw huy iain ifan igor ikenna ikraan imani ioan ioana iolo ionut irina iryna ishaan istahil
    iulia jahmal jamar jamila janice jaswinder jawad jaydon jermaine jide joan julia jumoke
    justyna kamaljit kamil kareem karol karwan katya keisha keith kelechi kelis kemar kenneth
    kerry-ann kezia khanh kibrom kidane kiran klajdi klaudia kledi kobby kojo kunle kwabena
    kwaku kwasi kweku lachlan lakshmi lanre larisa latifa latoya layan leart lena leonard leroy
    liadan linh llinos llyr lorraine lujain luljeta luwam lyla mabel maciej madalina maeve
    magda mahmoud mairead maksym malak malcolm mandeep marcin mared marek margot mariam marion
    marius mariusz marlon maryan masoud maureen meabh mebrahtu mehari mehreen meinir mergim
    merhawi meron mhairi michal migena mihaela mihai milosz minh mirela mohsin moira monique
    morag morteza muireann muna murdo mussie mykola myla nabil najib najma najmo nasra natalia
    natalya natnael naveed nazar neha nerys ngoc ngozi nguyen nicoleta nigel nii nikola nimco
    nisha nkechi norman nour nuala oana obinna oksana ola oleh olena olha olu oluwaseun
    oluwatobi omid oonagh orlaith ottilie ovidiu owain padraic parminder parwana patryk pauline
    pawel penelope philip phuong polina pooja przemek qamar quang quynh radek rahel rahim
    rajesh rakesh raluca rashad ravinder rawand raymond razvan redon reza rezart rhian rhona
    ricardo rizwan robel rochelle rohan ronald roy rozhin ruairi ruari rukiya ruksana rupinder
    ruqiya sabrina sadia sagal sahar sahra saira sajid salman saman samatar samrawit sandeep
    sandra sanjeev saron seamus segen segun selam semhar senait sergei sergiy seun shabnam
    shadi shahid shanelle shanice shaniqua shantelle sheila shirin shirley shkelqim shola shona
    shreya simran sina siwan sohail sonia sophia soran sorcha sorin stefan struan sukhdeep
    sunil svitlana tadhg tahir tanisha tanvir taras tayo tekle temi temitope teodora terence
    tesfay tetiana thanh thao tianna tiernan tina tobi tolu tracey trang trevor trinh tsega
    tunde tyreek tyrese ubah uche uzma valbona valerie vika vikram visar vitalii vlad volodymyr
    vy waleed warsame wendy weronika wiktor winston winta wojtek wunmi xhesika yaroslav yasin
    yasir yemi yetunde ylli yohannes yonas yordanos yulia yvonne zahid zahra zaid zakariya
    zamzam zana zbigniew ziad zoya zuzia
    """
)

# Everyday words that are names when capitalised after "my carer" ("my carer Will").
WORDS_THAT_ARE_NAMES = _words(
    """
    will mark grace hope rob may june april faith joy dawn summer bill frank jack max ray rose
    ruby amber jade holly ivy daisy penny sandy pat sue nick dean drew chase hunter sky
    precious destiny paris india violet willow dom jude comfort autumn patience mercy
    """
)

# Capitalised words that follow "my carer" or "called" without being a person's name.
NOT_NAMES = _words(
    """
    i im i'm ive i've ill i'll id i'd a an the he she they we you it this that is was and but
    so or if when who what why how said says told tells has had have keeps never always just
    only also really mum mam mom dad nan nana nanna gran granny grandad grandma grandpa auntie
    aunty aunt uncle sis bro babe hun sir miss monday tuesday wednesday thursday friday
    saturday sunday january february march july august september october november december
    christmas easter eid ramadan diwali god jesus allah omg lol tbh pls please thanks thank hi
    hiya hey hello yes no ok okay english british today tomorrow yesterday tonight there here
    which where everyone someone nobody anyone everything nothing mine yours then now because
    cos coz can could would should does did do please plus since after before until while even
    still sometimes honestly basically apparently recently last next every dear sorry ugh oh
    idk talk men women children people aka formerly
    """
)

# Who someone is, not what they are called: "my foster mum is Polish", "my carer is Muslim".
# Not among NOT_NAMES, since after a title they are surnames ("Mrs White", "Mr French").
DESCRIPTIONS = _words(
    """
    welsh scottish irish polish romanian somali nigerian pakistani indian bangladeshi
    vietnamese chinese african caribbean jamaican ghanaian eritrean sudanese afghan kurdish
    albanian turkish syrian iraqi iranian lithuanian italian spanish portuguese french
    european asian black white mixed muslim christian catholic hindu sikh jewish buddhist
    deaf disabled vegan gay lesbian trans bi autistic
    brazilian ukrainian russian german dutch greek bulgarian hungarian czech slovak latvian
    estonian croatian serbian bosnian kosovan moroccan algerian egyptian libyan tunisian
    ethiopian kenyan ugandan tanzanian zimbabwean zambian congolese cameroonian gambian
    senegalese ivorian angolan rwandan malawian filipino filipina thai malaysian indonesian
    japanese korean nepali nepalese lankan tamil punjabi gujarati bengali arab arabic persian
    yemeni saudi lebanese palestinian israeli jordanian cypriot maltese mexican colombian
    venezuelan peruvian chilean argentinian cuban trinidadian bajan guyanese american canadian
    australian cornish geordie scouse brummie mancunian roma romany gypsy traveller pagan
    atheist agnostic rasta rastafarian mormon protestant anglican orthodox shia sunni quaker
    pentecostal methodist baptist evangelical nonbinary queer pansexual asexual bisexual
    straight blind dyslexic adhd british english northern southern independent
    """
)

# A name-shaped phrase containing one of these is an institution, a service or a helpline; it is
# kept whole ("called Childline", "named St Mary's Academy", "my PA from the Leaving Care Team").
INSTITUTION_WORDS = _words(
    """
    emergency ambulance fire team teams council councils school schools academy college
    colleges university uni service services centre center unit hospital clinic surgery
    practice trust nhs camhs cahms gp a&e childline samaritans shout nspcc barnardo barnardos
    kooth mind papyrus youngminds minds coram become catch22 police court courts church mosque
    temple gurdwara synagogue project club group network foundation charity society association
    agency department dept office house home homes hub voices care leaving virtual primary
    secondary grammar junior infant infants nursery sixth st saint youth federation partnership
    board cicc iro ofsted department authority city county borough district government gov ltd
    limited plc greggs tesco asda aldi lidl mcdonalds mcdonald's kfc nandos nando's primark
    sainsbury's sainsburys morrisons costa subway housing options offending advice careers
    connexions jobcentre dwp library libraries shelter refuge crimestoppers victim aid action
    cruse wish support credit universal edt mash helpline student award awards mix crisis
    centrepoint nacro nyas pizza dominos domino's uber ee vodafone o2 giffgaff amazon argos
    boots superdrug deliveroo united utd
    """
)

_KEEP_IN_NAMES = INSTITUTION_WORDS
_ANY_NAME = FIRST_NAMES | WORDS_THAT_ARE_NAMES
# First names that are also months, places, teams, drugs or brands: after "to" or "by" they are
# more often those ("by jan", "to chelsea", "support jordan"); only "with" makes them people.
_NAMES_AND_THINGS = _words(
    """
    jan chelsea jordan georgia milan victoria kerry shannon florence austin lincoln devon sterling
    molly bobby eve holly mercedes harley taylor
    """
)

# Things, not people, that can be "called" something ("a game called Fortnite").
_THINGS_CALLED = _words(
    """
    game games show app apps film movie song songs band book series programme program channel
    website site page server drink dog cat pet puppy kitten hamster rabbit horse fish snake
    bird street road town village area estate shop cafe café restaurant place club group thing
    something course youtuber rapper singer artist character anime film tiktoker
    school schools college academy uni university nursery home homes house flat hostel foyer
    placement unit ward team church mosque temple class form centre center hospital clinic
    charity service project scheme programme organisation organization company business brand
    store gym pub hotel bus car bike phone teddy toy doll bear podcast video playlist league
    city country island building block room festival event camp trip holiday subject lesson
    it it's its this
    """
)

# A second capitalised word that makes the other choice a place ("or Victoria Park").
_PLACE_AFTER = (
    _words(
        """
    park road street lane avenue way close drive crescent square gardens green hill common
    leisure station stadium arena market mall retail beach pier bridge
    """
    )
    | INSTITUTION_WORDS
    | _THINGS_CALLED
)

# People who can be "called" something: after these a lower-case unusual word is a name.
_PEOPLE_CALLED = _words(
    """
    someone somebody girl boy lad lass guy bloke man woman kid child person teacher friend mate
    student pupil fella dude he's hes she's shes they're theyre baby sister brother cousin
    girlfriend boyfriend bf gf
    """
)
