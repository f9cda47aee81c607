#include "core/features/english_lexicon.h"

namespace dnshound::core::features {

// Common English words and the vocabulary of web names, written for this project (no external
// list). Lower case, separated by blanks; order does not matter.
const std::string_view kEnglishWords = R"words(
the be to of and a in that have it for not on with he as you do at this but his by from they we
say her she or an will my one all would there their what so up out if about who get which go me
when make can like time no just him know take people into year your good some could them see
other than then now look only come its over think also back after use two how our work first
well way even new want because any these give day most us is was are were been has had did said
made went got man men woman women child children world life hand part place case week company
system program question government number night point home water room mother area money story
fact month lot right study book eye job word business issue side kind head house service friend
father power hour game line end member law car city community name president team minute idea
kid body information school face others level office door health person art war history party
result change morning reason research girl guy moment air teacher force education foot boy age
policy everything process music market sense nation plan college interest death experience effect
class control care field development role effort rate heart drug show leader light voice wife
police mind price report decision son view relationship town road arm difference value building
action model season society tax director position player record paper space ground form event
official matter center couple site project activity star table need court oil situation cost
industry figure street image phone data picture practice piece land product doctor wall patient
worker news test movie north love support technology step baby computer type attention film tree
source organization hair window evidence population site hospital economy cell range mean free
group problem fire mark hot cold best better big small large long short high low old young great
little own different important public bad same able early late hard real sure open full special
clear easy strong true whole free simple private local social national human black white red blue
green gold silver dark bright happy fresh clean smart fast quick safe secure cool nice fine fair
rich poor deep wide main major general final total single common central natural personal
medical financial legal digital global mobile online offline direct express prime pure royal
super ultra mega micro mini max top pro plus one two three four five six seven eight nine ten
hundred thousand million first second third next last north south east west left right center
up down in out on off over under above below between through across around along
about after again against all also always any away back before being both each else ever every
few here how just least less many more most much never often once only other quite rather really
since some soon still such than that then there these they thing things though thus too very
what when where which while who why will with within without yet
ask become begin believe bring build buy call carry catch choose close come consider continue
cover create cut deal decide describe design develop die draw drive eat enjoy enter explain fall
feel fight fill find finish fly follow forget grow happen hear help hold hope include increase
keep kill learn leave let lie listen live lose love manage meet miss move offer open pay pick
play prepare present produce protect provide pull push put raise reach read receive remain
remember remove report require rest return run save sell send serve set share shoot show sing
sit sleep speak spend stand start stay stop suggest talk teach tell thank travel try turn
understand wait walk wash watch wear win wish wonder write
account action address advice agent air alert answer app apple arts asset audio auth author
auto award bag bank bar base bay beach bear beauty bed beer bell bet bike bill bird birth bit
blog board boat bond bone bonus book boost boot border boss bottle box brain brand bread break
bridge broker brother budget bug bus butter button buy cable cake camera camp campus cap capital
card career cart cash casino cast castle cat catalog cause chain chair champion channel chart
chat check cheese chef chemical chicken chip choice church cinema circle citizen civil claim
class client climate clinic clock cloud club coach coast code coffee coin collection college
color comfort comment commerce concept connect contact content contest cook copy corner cost
cotton council count country county course cover craft credit crew crime cross crowd crown cruise
cup currency customer cycle dad daily dance dating deal degree delivery demo dental deposit
desk detail device diet dinner dish district dog dollar domain dream dress drink drop dual
earth ease echo edge edit editor egg election electric element email energy engine entry
equity estate euro event exam exchange expert export fabric face factory faith family fan farm
fashion feed fest file finance firm fish fit fitness flag flash fleet flight floor flow flower
focus folk food forest forum frame fruit fuel fund future gallery garden gas gate gear gift girl
glass globe goal gold golf grand graph grid guard guest guide gym hall happy harbor health heat
help hero hill hit hobby holiday holy honey host hotel hub hunt ice icon index info ink inn
insight insurance invest island item jet jewel join journal journey joy judge juice jump key
king kitchen kit lab label lake lamp land lane laser leaf league lead legend lens letter level
library license life lift limit link lion list loan lock logic logo loop luck lucky magic mail
map marine master match meal media medicine menu metal meter metro mile milk mill mind mine
mirror mission mix mobile mode moon motor mountain mouse movie museum nature net network news
note novel nurse ocean offer oil option orange order origin outdoor owner pack page paint pair
palace panel park pass past path pay peace pen pet phone photo pilot pin pink pipe pixel pizza
plan planet plant plate platform pocket poker pool port portal post pot pow power press prize
profit promo proof property pub pulse quest quiz race radio rain ranch range rank ray recipe
region rental repair resort review ride ring river road robot rock roof root rose round route
rule safety sale salt sand scale scene science score screen sea search secret seed select sense
server session shape shell shield ship shirt shoe shop shore sign signal silk sky skill skin
sleep slot smile snow soap soccer soft solar solution song sound soup spa speed spirit sport
spot spring square stack stage stamp state station steel stock stone store storm strategy
stream street student studio style sugar suit summer summit sun supply surf survey sweet swim
table tag tale target taste tea tech temple tennis term text theater theme ticket tiger tile
tip tool tooth tour tower toy track trade trail train transfer trend trip truck trust tube
tv twin union unit universe update user valley vault video villa village vision visit vita
voice vote wave wealth weather web wedding wheel wild wind wine wing winter wire wolf wood
world yard yoga zone zoom
able ability abroad absolute academy accept access accident according achieve acid acquire
active actor actual adapt add adult advance advantage adventure affair afford afraid age agency
agree ahead aid aim airport alarm album alive allow almost alone already alter amazing amount
analysis ancient angel anger angle animal announce annual another anxiety apart apartment appeal
appear apply approach approve argue arrive article artist aspect assist assume attack attempt
attend attitude attract audience avenue average avoid aware awesome balance ball band banner
basic basket battle beat beautiful bedroom begin behavior behind belong benefit beyond bible
billion binary birthday bitter blade blame blank blast blend bless blind block blood bloom blow
bold book border borrow bottom bound bowl brave breath brief brilliant broad brown brush
buddy buffer burn busy cabin calm canal cancel cancer candle candy canvas capable captain carbon
care careful carpet carry castle casual cattle ceiling celebrate cent century ceremony certain
chain challenge chamber chance chapter charge charity charm cheap chest chief choice circuit
classic clever click cliff climb clinic clothes coat collect column combat combine comfort
command commit common compare compete complete complex computer concern concert condition
conduct confirm conflict connect conscious consumer contain context contract contrast
convert core corporate correct cottage cousin crack crash crazy cream creative creature crisis
critic crop crucial cruel crystal culture curious current curve custom daily damage danger
dawn dead dear debate debt decade defense define delight demand deny depart depend depth desert
deserve desire destroy detect diamond diary differ dinner direct dirty discover discuss disease
display distance divide divine document domestic double doubt dozen draft drama drawing driver
dry due duty dynamic eager eagle earn economic edition effective efficient eight either elder
elegant elite emerge emotion empire employ empty enable engage enhance enormous ensure entire
environment episode equal equipment error escape essential eternal evening exact example excel
excellent except excite exclusive excuse exist exit expand expect expense explore extend extra
extreme fabulous factor fail faint false fame famous fancy fantasy fantastic fate fault favor
favorite fear feature federal fellow female fence festival fiber fiction fifth fighter final
finger first fix flat flavor flex float flood fluid folder foreign forever formal format fortune
forward foster found fox frame freedom frequent friday friendly front frost frozen fully fun
funny galaxy gap garage gather gender gene genius gentle genuine giant glad glory glow golden
grace grade grain grant grass grave gray greet grocery growth guarantee guess guitar habit
half handle hang harm harmony harvest hat hate hawk heal healthy heaven heavy height hello hidden
hide highway hire holder hollow honest honor horizon horror horse hospital huge humor hunger
ideal identity ignore illegal imagine impact import improve income indeed indoor industry
infant inner innocent input inside inspire install instance instant instead intense internal
invite iron issue jacket jazz joint joke junior jungle justice keen kid kind kingdom knife
knight knock ladder lady large laugh launch lawyer layer lazy lean legacy lemon length lesson
liberty lily limit linear liquid little lively living lobby logic lonely loose lord loud lounge
lovely loyal lunch luxury machine mad major maker manner manual maple marble margin marriage
mass massive material matrix mature maximum mayor meadow measure meat mechanic medal member
memory mental mentor merchant mercy merit message method middle might mild military mineral
minimum minor miracle mobile modern modest moment monday monitor monkey monster moral motion
movement multiple muscle mutual mystery naked narrow native navy nearby neat negative neither
nerve neutral night noble noise normal notable nothing notice novel nuclear object obtain
obvious occasion odd office olive online opera opinion orbit organic outcome outer output
oval owner oxygen package pain palm panic paper parade parent partner party passion patch
patient pattern pause peak pearl penalty pepper perfect perform period permit person phase
phrase physical piano pick picnic piece pilot pine pioneer pitch pizza place plain plastic
pleasant please plenty poem poet point polar polite pop popular portion portrait positive
possible potato pound poverty powder practical praise pray precious premium presence pretty
prevent pride primary prince princess print prior prison private probably proceed profile
progress promise proper proud prove public purple purpose puzzle quality quantum quarter queen
quick quiet quote rabbit radar radical rapid rare rather raw ready realm rebel recent recover
reduce reflect reform refresh refuse regard regular reject relax release relief rely remote
render rent replace reply rescue reserve resist resource respect response retail retire reveal
revenue reward rhythm rice rival robust rocket romance rough royal rubber rural rush sacred
sail salad salmon sample satisfy sauce scan scholar scope scout script sector segment senior
sentence series serious seven severe shade shadow shallow shark sharp sheep sheet shift shine
shock shortly shoulder shower silent silly similar simply sister size sketch slice slim slow
smooth snake social socket software soldier solid someone sorry soul source spare spark
speaker species spell sphere spice spider spin split sponsor spread stable staff standard
steady steam stick sticky still stomach straight strange stream stress strict strike string
strong structure struggle stuff subject submit success sudden suffer summer sunday sunny
superb supreme surface surprise survive suspect sustain swift switch symbol system talent
tank tape task taxi teen temper tender tent terrible territory thin thread threat thrive thumb
thunder tiny tired title toast today together toilet tomato tomorrow tone tonight topic torch
total touch tough towards toward traffic tragic transit trap treasure treat tribe trick trophy
tropical trouble true truly truth twelve twenty typical ugly ultimate unable uncle unique
universal unknown unless unlock upper upon urban urge useful usual vacation valid valuable
vast vehicle velvet venture verse version vessel veteran victory view vintage violet virtual
virus visible visual vital vivid volume voyage wage wagon warm warning warrior waste weapon
weekend weight welcome welfare western whale wheat whisper wide widow width willing winner
wisdom wise witness wonder wonderful wooden wool worry worth wrap yellow yesterday yield young
youth zero
)words";

}  // namespace dnshound::core::features
