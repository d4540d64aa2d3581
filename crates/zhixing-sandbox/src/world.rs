//! The holdings of the population: what each person or organization has where, generated from the seed
//! and the subject's identifier (so a subject's holdings do not depend on who else is in the population),
//! with the hidden patterns clue mining looks for.
//!
//! Persons fall in four tiers: nothing (30%: whereabouts, at most a dormant account), little (45%: a few
//! accounts holding up to a few thousand yuan), some (17%: savings, a car, a provident fund, some
//! securities) and substantial (8%: real estate, large deposits, securities, policies). About one person in
//! seven hides what they have and is put in the first two tiers: with a spouse (7%, found through the
//! marriage registry's `marriage_record`, whose `related` names the spouse, who holds real estate and large
//! deposits), with a former spouse after a divorce registered recently (2%, 假离婚), or in a company they
//! represent and own (5%, found through the equity registry's `legal_representative` and `shareholding`
//! items, whose `related` names the company, which holds the deposits, vehicles and real estate). As
//! noise, ordinary married people have spouses with ordinary holdings, and some people represent dormant
//! companies with nothing. [`crate::Sandbox::planted`] lists the hidden patterns, for tests of clue mining.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use zhixing_core::ids::{citizen_id, uscc};
use zhixing_core::inquiry::classes::{ITEMS, Item};
use zhixing_core::inquiry::protocol::Subject;

use crate::catalogue::Catalogue;
use crate::names::{
    BORDER_POSTS, GIVEN_FEMALE, GIVEN_MALE, INDUSTRIES, MOBILE_PREFIXES, PROVINCES, Province, STREET_WORDS,
    SURNAMES, TRADE_CHARS, VEHICLE_MODELS, province_index,
};
use crate::{HiddenPattern, Planted, fnv1a};

/// A person or an organization the sandbox knows.
#[derive(Debug)]
pub(crate) struct SubjectRec {
    pub(crate) id_number: Box<str>,
    pub(crate) name: Box<str>,
}

/// Something a subject has at an institution.
#[derive(Debug)]
pub(crate) struct HoldingRec {
    pub(crate) reference: Box<str>,
    pub(crate) item: &'static Item,
    pub(crate) description: Box<str>,
    pub(crate) owner: u32,
    /// The institution that keeps it.
    pub(crate) institution: u32,
    pub(crate) related: Option<Subject>,
    /// Balance (money items) or value, in 分, at the start.
    pub(crate) value_fen: Option<i64>,
}

/// Subjects, holdings and the indexes the hot path reads. Immutable once built.
#[derive(Debug, Default)]
pub(crate) struct World {
    pub(crate) subjects: Vec<SubjectRec>,
    pub(crate) by_id: HashMap<Box<str>, u32>,
    pub(crate) holdings: Vec<HoldingRec>,
    /// (institution, subject) → the holdings that institution reports and acts on for that subject: its
    /// own, and for the central bank, the wealth-management registry and the national and local
    /// real-estate and provident-fund agencies, those of other institutions of their class.
    pub(crate) visible: HashMap<(u32, u32), Vec<u32>>,
    pub(crate) by_reference: HashMap<Box<str>, u32>,
    /// Subject → the holdings it owns.
    pub(crate) owned: Vec<Vec<u32>>,
    pub(crate) planted: Vec<Planted>,
}

impl World {
    pub(crate) fn build(seed: u64, catalogue: &Catalogue, population: &[Subject]) -> World {
        let mut world = World::default();
        let mut firsts = Vec::with_capacity(population.len());
        for subject in population {
            if !world.by_id.contains_key(subject.id_number.as_str()) {
                firsts.push(world.add_subject(&subject.id_number, &subject.name));
            }
        }
        for index in firsts {
            let id = world.subjects[index as usize].id_number.clone();
            let rng = ChaCha8Rng::seed_from_u64(seed ^ fnv1a(id.as_bytes()));
            let mut generator = Generator { catalogue, world: &mut world, rng };
            if is_citizen_id(&id) {
                generator.debtor_person(index);
            } else {
                generator.organization(index, None);
            }
        }
        world
    }

    fn add_subject(&mut self, id_number: &str, name: &str) -> u32 {
        let index = u32::try_from(self.subjects.len()).expect("fewer than 2^32 subjects");
        self.subjects.push(SubjectRec { id_number: id_number.into(), name: name.into() });
        self.owned.push(Vec::new());
        self.by_id.insert(id_number.into(), index);
        index
    }

    pub(crate) fn subject(&self, index: u32) -> Subject {
        let s = &self.subjects[index as usize];
        Subject { id_number: s.id_number.to_string(), name: s.name.to_string() }
    }
}

/// 17 digits and a correct GB 11643 check character: a person; anything else is an organization.
fn is_citizen_id(id: &str) -> bool {
    id.len() == 18
        && id.is_ascii()
        && citizen_id::check_character(&id[..17]).is_some_and(|c| id.as_bytes()[17] == c as u8)
}

/// The region code (6 digits) a 统一社会信用代码 carries at positions 3–8; Hangzhou's when it carries none.
fn uscc_region(id: &str) -> String {
    match id.get(2..8) {
        Some(region)
            if region.bytes().all(|b| b.is_ascii_digit()) && province_index(&region[..2]).is_some() =>
        {
            region.to_owned()
        }
        _ => "330100".to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Nothing,
    Little,
    Some,
    Substantial,
}

struct Generator<'a> {
    catalogue: &'a Catalogue,
    world: &'a mut World,
    rng: ChaCha8Rng,
}

/// What a generated person's circumstances are.
struct Person {
    index: u32,
    id: String,
    province: usize,
    birth_year: i32,
}

impl Generator<'_> {
    fn percent(&mut self, p: u32) -> bool {
        self.rng.gen_range(0..100) < p
    }

    /// A log-uniform amount between `low` and `high` yuan, in 分.
    fn yuan(&mut self, low: i64, high: i64) -> i64 {
        let (l, h) = ((low.max(1) as f64).ln(), (high.max(2) as f64).ln());
        let yuan = self.rng.gen_range(l..h).exp();
        (yuan * 100.0) as i64
    }

    fn pick<'s>(&mut self, list: &'s [&'s str]) -> &'s str {
        list[self.rng.gen_range(0..list.len())]
    }

    fn char_of(&mut self, chars: &str) -> char {
        let count = chars.chars().count();
        chars.chars().nth(self.rng.gen_range(0..count)).expect("in range")
    }

    fn weighted(&mut self, entries: &[(u32, u32)]) -> u32 {
        let total: u32 = entries.iter().map(|(_, w)| w).sum();
        let mut roll = self.rng.gen_range(0..total);
        for (value, weight) in entries {
            if roll < *weight {
                return *value;
            }
            roll -= weight;
        }
        entries[entries.len() - 1].0
    }

    fn serial(&self) -> usize {
        self.world.holdings.len()
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one call per holding kind; a struct would only rename them"
    )]
    fn hold(
        &mut self,
        owner: u32,
        institution: u32,
        item_code: &str,
        reference: String,
        description: String,
        value_fen: Option<i64>,
        related: Option<Subject>,
        viewers: &[u32],
    ) {
        let item = ITEMS.iter().find(|i| i.code == item_code).expect("a known item code");
        let index = u32::try_from(self.world.holdings.len()).expect("fewer than 2^32 holdings");
        let previous = self.world.by_reference.insert(reference.as_str().into(), index);
        assert!(previous.is_none(), "holding reference {reference} twice");
        self.world.holdings.push(HoldingRec {
            reference: reference.into(),
            item,
            description: description.into(),
            owner,
            institution,
            related,
            value_fen,
        });
        self.world.owned[owner as usize].push(index);
        for viewer in std::iter::once(&institution).chain(viewers) {
            self.world.visible.entry((*viewer, owner)).or_default().push(index);
        }
    }

    // --- persons -------------------------------------------------------------------------------------

    fn debtor_person(&mut self, index: u32) {
        let person = self.person(index);
        let roll = self.rng.gen_range(0..100);
        let pattern = match roll {
            0..7 => Some(HiddenPattern::Spouse),
            7..9 => Some(HiddenPattern::FormerSpouse),
            9..14 => Some(HiddenPattern::Company),
            _ => None,
        };
        let tier = match (pattern, self.rng.gen_range(0..100)) {
            (Some(_), r) => {
                if r < 50 {
                    Tier::Nothing
                } else {
                    Tier::Little
                }
            }
            (None, 0..30) => Tier::Nothing,
            (None, 30..75) => Tier::Little,
            (None, 75..92) => Tier::Some,
            (None, _) => Tier::Substantial,
        };
        self.whereabouts(&person, pattern);
        self.property(&person, tier);
        match pattern {
            Some(HiddenPattern::Company) => self.company_of(&person, true),
            Some(spouse) => self.marry(&person, Some(spouse)),
            None => {
                if self.percent(62) {
                    self.marry(&person, None);
                }
                if self.percent(4) {
                    self.company_of(&person, false);
                }
            }
        }
    }

    fn person(&mut self, index: u32) -> Person {
        let id = self.world.subjects[index as usize].id_number.to_string();
        let province = province_index(&id[..2]).unwrap_or(10);
        let birth_year = id[6..10].parse().unwrap_or(1980);
        Person { index, id, province, birth_year }
    }

    fn whereabouts(&mut self, person: &Person, pattern: Option<HiddenPattern>) {
        let c = self.catalogue;
        let p = &PROVINCES[person.province];
        let address = self.address(p);
        let n = self.serial();
        self.hold(
            person.index,
            c.household,
            "residence",
            format!("HR{}{n:09}", &person.id[..6]),
            format!("户籍地址：{address}"),
            None,
            None,
            &[],
        );
        if self.percent(92) {
            let carrier = self.weighted(&c.carriers);
            let prefix = self.pick(&MOBILE_PREFIXES);
            let number = format!("{prefix}{:08}", (n as u64 * 7_919 + 13) % 100_000_000);
            self.hold(
                person.index,
                carrier,
                "mobile_number",
                format!("M{number}"),
                format!("手机号码 {number}"),
                None,
                None,
                &[],
            );
            if self.percent(70) {
                let address = self.address(p);
                self.hold(
                    person.index,
                    carrier,
                    "mobile_owner_address",
                    format!("MA{number}"),
                    format!("机主登记地址：{address}"),
                    None,
                    None,
                    &[],
                );
            }
        }
        if pattern != Some(HiddenPattern::Company) && self.percent(55) {
            let employer = self.company_subject(&person.id[..6]);
            let n = self.serial();
            self.hold(
                person.index,
                c.social,
                "employer",
                format!("SI{n:010}"),
                format!("参保单位：{}（在保）", employer.name),
                None,
                Some(employer),
                &[],
            );
        }
        if person.birth_year <= 1963 && self.percent(80) {
            let monthly = self.yuan(1_800, 6_500);
            let n = self.serial();
            self.hold(
                person.index,
                c.social,
                "pension",
                format!("PN{n:010}"),
                "基本养老金按月发放".into(),
                Some(monthly),
                None,
                &[],
            );
        }
        if self.percent(18) {
            let n = self.serial();
            let year = 2025 + self.rng.gen_range(0..9);
            self.hold(
                person.index,
                c.exit_entry,
                "travel_document",
                format!("E{:08}", n % 100_000_000),
                format!("普通护照 E{:08} 有效期至{year}年", n % 100_000_000),
                None,
                None,
                &[],
            );
            if self.percent(60) {
                let post = self.pick(&BORDER_POSTS);
                let year = 2019 + self.rng.gen_range(0..6);
                self.hold(
                    person.index,
                    c.exit_entry,
                    "border_crossing",
                    format!("BX{n:010}"),
                    format!("{year}年 出境 {post}"),
                    None,
                    None,
                    &[],
                );
            }
        }
    }

    fn property(&mut self, person: &Person, tier: Tier) {
        let owner = person.index;
        let province = person.province;
        match tier {
            Tier::Nothing => {
                if self.percent(50) {
                    let v = self.yuan(1, 50);
                    self.deposit(owner, province, "demand_deposit", v);
                }
            }
            Tier::Little => {
                for _ in 0..self.rng.gen_range(1..=3) {
                    let v = self.yuan(10, 3_000);
                    self.deposit(owner, province, "demand_deposit", v);
                }
                if self.percent(50) {
                    let v = self.yuan(1, 800);
                    self.payment(owner, "payment_balance", v);
                }
                if self.percent(25) {
                    let v = self.yuan(500, 8_000);
                    self.provident(owner, province, v);
                }
            }
            Tier::Some => {
                for _ in 0..self.rng.gen_range(2..=4) {
                    let item = if self.percent(25) { "time_deposit" } else { "demand_deposit" };
                    let v = self.yuan(2_000, 80_000);
                    self.deposit(owner, province, item, v);
                }
                let v = self.yuan(100, 5_000);
                self.payment(owner, "payment_balance", v);
                if self.percent(30) {
                    let v = self.yuan(1_000, 20_000);
                    self.payment(owner, "payment_fund", v);
                }
                if self.percent(45) {
                    let v = self.yuan(30_000, 200_000);
                    self.vehicle(owner, province, v);
                }
                if self.percent(50) {
                    let v = self.yuan(10_000, 80_000);
                    self.provident(owner, province, v);
                }
                self.investments(owner, province, 20, (10_000, 100_000));
            }
            Tier::Substantial => self.substantial(owner, province),
        }
    }

    fn substantial(&mut self, owner: u32, province: usize) {
        for _ in 0..self.rng.gen_range(3..=5) {
            let item = match self.rng.gen_range(0..10) {
                0..6 => "demand_deposit",
                6..9 => "time_deposit",
                _ => "foreign_deposit",
            };
            let v = self.yuan(50_000, 1_500_000);
            self.deposit(owner, province, item, v);
        }
        for _ in 0..self.rng.gen_range(1..=2) {
            let v = self.yuan(600_000, 6_000_000);
            self.real_estate(owner, province, v);
        }
        for _ in 0..self.rng.gen_range(1..=2) {
            let v = self.yuan(100_000, 800_000);
            self.vehicle(owner, province, v);
        }
        let v = self.yuan(1_000, 50_000);
        self.payment(owner, "payment_balance", v);
        let v = self.yuan(30_000, 200_000);
        self.provident(owner, province, v);
        self.investments(owner, province, 45, (50_000, 3_000_000));
        if self.percent(5) {
            let n = self.serial();
            let v = self.yuan(200_000, 5_000_000);
            self.hold(
                owner,
                self.catalogue.ships,
                "vessel",
                format!("SH0701{n:08}"),
                format!("船舶 {}渔{n:05} 钢质", PROVINCES[province].abbreviation),
                Some(v),
                None,
                &[],
            );
        }
    }

    /// Wealth products, securities, fund shares and policies, each with `percent` chance.
    fn investments(&mut self, owner: u32, province: usize, percent: u32, range: (i64, i64)) {
        let c = self.catalogue;
        if self.percent(percent) {
            let bank = self.bank(province, true);
            let n = self.serial();
            let v = self.yuan(range.0, range.1);
            let name = c.get(bank).info.name.clone();
            self.hold(
                owner,
                bank,
                "wealth_product",
                format!("WP{n:012}"),
                format!("理财产品 {name}"),
                Some(v),
                None,
                &[c.wealth_registry],
            );
        }
        if self.percent(percent) {
            let n = self.serial();
            let v = self.yuan(range.0, range.1);
            self.hold(
                owner,
                c.securities,
                "stock",
                format!("A{n:09}"),
                format!("证券账户 A{n:09} 持仓市值"),
                Some(v),
                None,
                &[],
            );
            let v = self.yuan(1_000, 50_000);
            self.hold(
                owner,
                c.securities,
                "securities_cash",
                format!("SC{n:012}"),
                "客户交易结算资金".into(),
                Some(v),
                None,
                &[],
            );
        }
        if self.percent(percent / 2) {
            let n = self.serial();
            let v = self.yuan(range.0 / 2, range.1 / 2);
            self.hold(
                owner,
                c.funds,
                "fund_share",
                format!("F{n:011}"),
                "开放式基金份额".into(),
                Some(v),
                None,
                &[],
            );
        }
        if self.percent(percent * 3 / 4) {
            let insurer = c.insurers[self.rng.gen_range(0..c.insurers.len())];
            let n = self.serial();
            let v = self.yuan(5_000, range.1 / 4);
            self.hold(
                owner,
                insurer,
                "policy_value",
                format!("P{n:013}"),
                "人寿保险保单（可退保现金价值）".into(),
                Some(v),
                None,
                &[],
            );
        }
    }

    /// Marries the person to a generated spouse. `hidden` (Spouse or FormerSpouse): the spouse holds what
    /// the debtor moved out of his name (substantial holdings and a recently registered home); FormerSpouse
    /// records a divorce registered recently (假离婚). Otherwise the spouse's holdings are drawn as anyone's.
    fn marry(&mut self, person: &Person, hidden: Option<HiddenPattern>) {
        let spouse = self.spouse_of(person);
        let spouse_subject = self.world.subject(spouse.index);
        let debtor_subject = self.world.subject(person.index);
        let year = (person.birth_year + self.rng.gen_range(22..32)).min(2020);
        let c = self.catalogue;
        let place = PROVINCES[person.province].name;
        let n = self.serial();
        let description = if hidden == Some(HiddenPattern::FormerSpouse) {
            let on = 2022 + self.rng.gen_range(0..3);
            format!("{year}年 结婚登记；{on}年 协议离婚登记（{place}）")
        } else {
            format!("{year}年 结婚登记（{place}）")
        };
        self.hold(
            person.index,
            c.marriage,
            "marriage_record",
            format!("MR{n:010}a"),
            description.clone(),
            None,
            Some(spouse_subject.clone()),
            &[],
        );
        self.hold(
            spouse.index,
            c.marriage,
            "marriage_record",
            format!("MR{n:010}b"),
            description,
            None,
            Some(debtor_subject.clone()),
            &[],
        );
        let tier = match (hidden, self.rng.gen_range(0..100)) {
            (Some(_), _) => Tier::Substantial,
            (None, 0..30) => Tier::Nothing,
            (None, 30..70) => Tier::Little,
            (None, 70..93) => Tier::Some,
            (None, _) => Tier::Substantial,
        };
        let start = self.world.holdings.len();
        self.whereabouts(&spouse, None);
        self.property(&spouse, tier);
        if let Some(pattern) = hidden {
            // The home moved out of the debtor's name: registered to the spouse.
            let v = self.yuan(800_000, 5_000_000);
            self.real_estate(spouse.index, person.province, v);
            let hidden_fen = self.property_value_since(start, spouse.index);
            self.world.planted.push(Planted {
                debtor: debtor_subject,
                pattern,
                relative: spouse_subject,
                via_item: "marriage_record".into(),
                hidden_fen,
            });
        }
    }

    /// The value of the property `owner` was given in holdings `start..`.
    fn property_value_since(&self, start: usize, owner: u32) -> i64 {
        self.world.holdings[start..]
            .iter()
            .filter(|h| h.owner == owner && h.item.class.property_class().is_some())
            .filter_map(|h| h.value_fen)
            .sum()
    }

    /// Generated spouse: same region, opposite sex, a few years apart; a valid 公民身份号码 not already taken.
    fn spouse_of(&mut self, person: &Person) -> Person {
        let male = person.id.as_bytes()[16].is_multiple_of(2); // the spouse's sex: opposite of the person's
        let id = loop {
            let year = (person.birth_year + self.rng.gen_range(-4..=4)).clamp(1940, 2004);
            let month = self.rng.gen_range(1..=12);
            let day = self.rng.gen_range(1..=28);
            let order = self.rng.gen_range(0..500) * 2 + u32::from(male);
            let first17 = format!("{}{year:04}{month:02}{day:02}{order:03}", &person.id[..6]);
            let check = citizen_id::check_character(&first17).expect("17 digits by construction");
            let id = format!("{first17}{check}");
            if !self.world.by_id.contains_key(id.as_str()) {
                break id;
            }
        };
        let name = self.person_name(male);
        let index = self.world.add_subject(&id, &name);
        self.person(index)
    }

    /// Makes the person the legal representative and a shareholder of a generated company; `hiding`: the
    /// company holds the money, vehicles and property (and employs the person), otherwise it is dormant.
    fn company_of(&mut self, person: &Person, hiding: bool) {
        let company = self.company_subject(&person.id[..6]);
        let index = self.world.add_subject(&company.id_number, &company.name);
        let c = self.catalogue;
        let n = self.serial();
        let share = self.rng.gen_range(51..=100);
        let value = if hiding { self.yuan(200_000, 2_000_000) } else { self.yuan(10_000, 100_000) };
        self.hold(
            person.index,
            c.equity,
            "legal_representative",
            format!("LR{n:010}"),
            format!("担任{}法定代表人（在任）", company.name),
            None,
            Some(company.clone()),
            &[],
        );
        self.hold(
            person.index,
            c.equity,
            "shareholding",
            format!("EQ{n:010}"),
            format!("持有{}{share}%股权", company.name),
            Some(value),
            Some(company.clone()),
            &[],
        );
        if hiding {
            self.hold(
                person.index,
                c.social,
                "employer",
                format!("SI{n:010}"),
                format!("参保单位：{}（在保）", company.name),
                None,
                Some(company.clone()),
                &[],
            );
        }
        let start = self.world.holdings.len();
        self.organization(index, Some(hiding));
        if hiding {
            let hidden_fen = self.property_value_since(start, index);
            self.world.planted.push(Planted {
                debtor: self.world.subject(person.index),
                pattern: HiddenPattern::Company,
                relative: company,
                via_item: "legal_representative".into(),
                hidden_fen,
            });
        }
    }

    // --- organizations ---------------------------------------------------------------------------------

    /// An organization's holdings; `hiding` Some(true): a company a debtor hides assets in (substantial),
    /// Some(false): a dormant one (nothing), None: drawn (an organization of the population).
    fn organization(&mut self, owner: u32, hiding: Option<bool>) {
        let region = uscc_region(&self.world.subjects[owner as usize].id_number);
        let province = province_index(&region[..2]).unwrap_or(10);
        let tier = match hiding {
            Some(true) => Tier::Substantial,
            Some(false) => Tier::Nothing,
            None => match self.rng.gen_range(0..100) {
                0..25 => Tier::Nothing,
                25..70 => Tier::Little,
                70..90 => Tier::Some,
                _ => Tier::Substantial,
            },
        };
        let (accounts, range, vehicles, properties) = match tier {
            Tier::Nothing => (1, (1, 1_000), 0, 0),
            Tier::Little => (self.rng.gen_range(1..=2), (1_000, 30_000), u32::from(self.percent(20)), 0),
            Tier::Some => (
                self.rng.gen_range(2..=4),
                (30_000, 800_000),
                self.rng.gen_range(1..=3),
                u32::from(self.percent(20)),
            ),
            Tier::Substantial => (
                self.rng.gen_range(2..=4),
                (300_000, 8_000_000),
                self.rng.gen_range(1..=3),
                self.rng.gen_range(1..=3),
            ),
        };
        for i in 0..accounts {
            let v = self.yuan(range.0, range.1);
            let item = if i > 0 && self.percent(20) { "time_deposit" } else { "demand_deposit" };
            self.deposit(owner, province, item, v);
        }
        for _ in 0..vehicles {
            let v = self.yuan(50_000, 600_000);
            self.vehicle(owner, province, v);
        }
        for _ in 0..properties {
            let v = self.yuan(1_000_000, 20_000_000);
            self.real_estate(owner, province, v);
        }
        if tier == Tier::Substantial && hiding.is_none() && self.percent(30) {
            let subsidiary = self.company_subject(&region);
            let n = self.serial();
            let v = self.yuan(500_000, 10_000_000);
            self.hold(
                owner,
                self.catalogue.equity,
                "shareholding",
                format!("EQ{n:010}"),
                format!("持有{}股权", subsidiary.name),
                Some(v),
                Some(subsidiary),
                &[],
            );
        }
    }

    // --- single holdings ---------------------------------------------------------------------------------

    fn deposit(&mut self, owner: u32, province: usize, item: &str, value_fen: i64) {
        let bank = self.bank(province, false);
        let c = self.catalogue;
        let n = self.serial();
        let name = &c.get(bank).info.name;
        let (account, kind) = match item {
            "time_deposit" => (format!("62{:04}{n:011}", bank % 10_000), "定期存款"),
            "foreign_deposit" => (format!("62{:04}{n:011}", bank % 10_000), "外币存款（折人民币）"),
            _ => (format!("62{:04}{n:011}", bank % 10_000), "活期存款"),
        };
        let description = format!("{name} {kind}账户");
        self.hold(owner, bank, item, account, description, Some(value_fen), None, &[c.central_bank]);
    }

    /// A bank where someone from `province` keeps an account: mostly a national bank, else the province's
    /// city or rural banks. `wealth`: one that sells wealth products (national or city).
    fn bank(&mut self, province: usize, wealth: bool) -> u32 {
        let c = self.catalogue;
        let roll = self.rng.gen_range(0..100);
        if roll >= 65 && !c.city_banks[province].is_empty() && (roll < 85 || wealth) {
            return c.city_banks[province][self.rng.gen_range(0..c.city_banks[province].len())];
        }
        if roll >= 85 && !c.rural_banks[province].is_empty() {
            return c.rural_banks[province][self.rng.gen_range(0..c.rural_banks[province].len())];
        }
        let total = c.national_bank_weights.last().copied().unwrap_or(0);
        if total == 0 {
            return c.national_banks[0];
        }
        let roll = self.rng.gen_range(0..total);
        let at = c.national_bank_weights.partition_point(|w| *w <= roll);
        c.national_banks[at]
    }

    fn payment(&mut self, owner: u32, item: &str, value_fen: i64) {
        let c = self.catalogue;
        let platform = self.weighted(&c.payment);
        let n = self.serial();
        let what = if item == "payment_fund" { "余额理财" } else { "支付账户余额" };
        self.hold(owner, platform, item, format!("PA{n:014}"), what.into(), Some(value_fen), None, &[]);
    }

    fn provident(&mut self, owner: u32, province: usize, value_fen: i64) {
        let c = self.catalogue;
        let n = self.serial();
        let description = format!("住房公积金个人账户（{}）", PROVINCES[province].name);
        self.hold(
            owner,
            c.provident,
            "provident_balance",
            format!("GJJ{}{n:010}", PROVINCES[province].code),
            description,
            Some(value_fen),
            None,
            &[c.local_provident[province]],
        );
    }

    fn vehicle(&mut self, owner: u32, province: usize, value_fen: i64) {
        let c = self.catalogue;
        let n = self.serial();
        let p = &PROVINCES[province];
        let letter = char::from(b'A' + self.rng.gen_range(0..8u8));
        const PLATE: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        let mut tail = String::with_capacity(5);
        let mut rest = n;
        for _ in 0..5 {
            tail.push(char::from(PLATE[rest % PLATE.len()]));
            rest /= PLATE.len();
        }
        let model = self.pick(&VEHICLE_MODELS);
        let plate = format!("{}{letter}·{tail}", p.abbreviation);
        self.hold(
            owner,
            c.vehicles,
            "motor_vehicle",
            plate.clone(),
            format!("{plate} {model}"),
            Some(value_fen),
            None,
            &[],
        );
    }

    /// Real estate, mostly in the owner's province; the national registry and that province's registry
    /// (点对点) both reach it.
    fn real_estate(&mut self, owner: u32, province: usize, value_fen: i64) {
        let c = self.catalogue;
        let province = if self.percent(75) { province } else { self.rng.gen_range(0..PROVINCES.len()) };
        let p = &PROVINCES[province];
        let city = self.pick(p.cities);
        let n = self.serial();
        let year = 2008 + self.rng.gen_range(0..17);
        let area = self.rng.gen_range(45..220);
        let (item, reference, description) = if self.percent(15) {
            (
                "presale_contract",
                format!("YS{}{year}{n:08}", p.code),
                format!("商品房预售合同备案 {city} {area}㎡"),
            )
        } else {
            let certificate = format!("{}({year}){city}不动产权第{n:07}号", p.abbreviation);
            ("real_property", certificate.clone(), format!("{certificate} 住宅 {area}㎡"))
        };
        self.hold(
            owner,
            c.real_estate,
            item,
            reference,
            description,
            Some(value_fen),
            None,
            &[c.local_real_estate[province]],
        );
    }

    // --- names and identifiers ------------------------------------------------------------------------

    fn person_name(&mut self, male: bool) -> String {
        let mut name = String::with_capacity(9);
        name.push(self.char_of(SURNAMES));
        let given = if male { GIVEN_MALE } else { GIVEN_FEMALE };
        name.push(self.char_of(given));
        if self.percent(78) {
            name.push(self.char_of(given));
        }
        name
    }

    /// A generated company in `region` (6 digits): a name and a valid 统一社会信用代码 not already taken.
    fn company_subject(&mut self, region: &str) -> Subject {
        let province = province_index(&region[..2]).unwrap_or(10);
        let city = self.pick(PROVINCES[province].cities).to_owned();
        let id = loop {
            let mut body = String::with_capacity(8);
            for _ in 0..8 {
                body.push(self.char_of("0123456789ABCDEFGHJKLMNPQRTUWXY"));
            }
            let Some(org_check) = uscc::org_code_check_character(&body) else { continue };
            let first17 = format!("91{region}{body}{org_check}");
            let Some(check) = uscc::check_character(&first17) else { continue };
            let id = format!("{first17}{check}");
            if !self.world.by_id.contains_key(id.as_str()) {
                break id;
            }
        };
        let trade: String = [self.char_of(TRADE_CHARS), self.char_of(TRADE_CHARS)].into_iter().collect();
        let industry = self.pick(&INDUSTRIES);
        Subject { id_number: id, name: format!("{city}{trade}{industry}有限公司") }
    }

    fn address(&mut self, p: &Province) -> String {
        let city = self.pick(p.cities);
        let street: String = [self.char_of(STREET_WORDS), self.char_of(STREET_WORDS)].into_iter().collect();
        let number = self.rng.gen_range(1..400);
        let room = self.rng.gen_range(101..2_400);
        format!("{}{city}市{street}路{number}号{room}室", p.name)
    }
}
