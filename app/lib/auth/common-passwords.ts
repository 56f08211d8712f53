// Passwords of 8+ characters that top the public breach-corpus lists (SecLists' "10k most common",
// the NCSC "100k pwned" list). Shorter ones are refused by length anyway. Compared lower-cased.
// A local list, not a call to a breach API: sign-up must not depend on a third party.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
12345678 123456789 1234567890 12345678910 123123123 987654321 0987654321 11111111 111111111 1111111111
00000000 000000000 0000000000 22222222 88888888 99999999 12341234 11223344 12121212 13131313 147258369
159753852 741852963 963852741 123654789 789456123 147852369 123456123 123456654321 1234554321 1q2w3e4r
1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc zaq12wsx zaq1zaq1 zaq1xsw2 qazwsxedc qwertyui qwertyuiop
qwerty123 qwerty1234 qwerty12 qwer1234 asdfghjk asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123 1234qwer
q1w2e3r4 q1w2e3r4t5 a1b2c3d4 abcd1234 abc12345 abc123456 abcdefgh abcdefg1 aa123456 aaaaaaaa a1234567
a12345678 password password1 password12 password123 password1234 password! passw0rd p@ssw0rd p@ssword
pa55word pa55w0rd passwort motdepasse contraseña senha123 wachtwoord password01 mypassword
newpassword yourpassword changeme changeme1 changeme123 letmein1 letmein123 welcome1 welcome123
welcome01 iloveyou iloveyou1 iloveyou2 iloveyou12 loveyou1 lovelove sunshine sunshine1 princess
princess1 football football1 baseball basketball superman batman123 starwars trustno1 whatever
computer internet michelle jennifer jessica1 charlie1 michael1 jordan23 liverpool chelsea1 arsenal1
manchester barcelona juventus maverick mercedes ferrari1 corvette mustang1 yankees1 cowboys1 steelers
dolphins eagles123 matthew1 danielle jonathan nicholas benjamin victoria alexander christian
elizabeth samantha stephanie jasmine1 hannah12 ashley12 melissa1 patricia tiffany1 vanessa1 gabriel1
anthony1 andrew12 richard1 william1 thomas12 robert12 summer12 spring12 winter12 autumn12 september
december november midnight sunflower butterfly chocolate cookie123 cheese12 banana12 pokemon1
pokemon123 minecraft fortnite roblox123 pikachu1 naruto12 dragon12 dragonball monkey12 shadow12
master12 killer12 hunter12 ranger12 soccer12 hockey12 tigger12 ginger12 pepper12 buster12 maggie12
freedom1 freedom123 qwerty01 trustme1 letmein! welcome! admin123 admin1234 administrator adminadmin
root1234 rootroot test1234 test12345 testtest testing1 testing123 guest123 user1234 login123
secret12 secret123 default1 master123 access14 access123 passpass 1password 12qwaszx 123qweasd
123qweasdzxc qweasdzxc qweasd123 1q2w3e4r5 q1w2e3r4t5y6 zxcvbnm123 asdasdasd qweqweqwe zxczxczxc
asdfasdf qwerqwer 123abc123 abc123abc iloveu123 loveme123 lovely12 beautiful angel123 babygirl1
baby1234 sweetheart sweetie1 princesa bonjour1 ciao1234 hallo123 hello123 hello1234 helloworld
hellokitty goodluck godislove jesus123 blessed1 forever1 nothing1 infinity everything unknown1
zzzzzzzz xxxxxxxx qqqqqqqq 1234567a 12345qwert 123456qwerty qwerty123456 987654321a 1234567q
samsung1 samsung123 iphone12 google123 facebook1 linkedin twitter1 yahoo123 hotmail1 gmail123
microsoft windows1 apple123
qwertyuiop123 1qazxsw2 2wsx3edc 3edc4rfv 1234abcd abcd12345 password2 password3 password7 password8
password9 passw0rd1 p4ssword pass1234 pass12345 mypass123 letmeinnow openopen opensesame anything
nopassword notmypassword idontknow iloveyou3 iloveme1 loveyou2 truelove lovers123 happyday happy123
family123 friends1 myfamily1 mybaby12 mother12 father12 brother1 sister12 daddy123 mommy123
america1 canada123 london123 paris123 newyork1 chicago1 california texas123 florida1 thunder1
lightning blizzard1 phoenix1 spiderman ironman1 wolverine transformers harrypotter hogwarts gandalf1
skywalker darthvader greenday metallica nirvana1 beatles1 eminem123 playboy1 sexy1234 hottie123
qwerty11 asdfgh12 zxcvbn12 1a2b3c4d 123456789a 1234567890a superstar rockstar1 starlight diamond1 silver12 golden12 crystal1
`
    .split(/\s+/)
    .filter(Boolean),
);
