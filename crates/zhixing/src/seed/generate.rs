//! The generator behind [`generate`]: a seeded ChaCha8 stream turned into enforcement cases.
//!
//! Order of work: filing days in calendar order (weekdays only); each day gets its share of the
//! cases; each case picks a court by weight and takes the next 案件编号 of that court's year. Memory is
//! bounded by the number of courts and regions, never by the number of cases: a counter per (region,
//! birth year, sex) that keeps ID numbers unique, two counters per region for organization codes, a
//! small ring of recent debtors per court, and one cached entity per (court, lender).

use super::names::{self, LenderKind};
use super::regions::{self, Region};
use super::{
    BasisKind, SeedBasis, SeedCase, SeedCompany, SeedConfig, SeedParty, SeedPerson, is_court_code,
    parse_region_code,
};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zhixing_core::ids::{citizen_id, uscc};

/// Generates `config.cases` cases, lazily and deterministically (see the module docs of `seed`).
///
/// Courts that [`SeedConfig::validate`] would reject are skipped; with no usable court, or with
/// years out of range, the iterator is empty. The iterator owns everything it needs.
pub(crate) fn generate(config: &SeedConfig) -> impl Iterator<Item = SeedCase> + use<> {
    Generator::new(config)
}

/// Distinct persons — a valid 公民身份号码 and a name — from every place the tables know (not a province's
/// courts): a list of national scale, for the screening benchmark. Deterministic in `seed`; numbers never
/// repeat, each being the next free number of its place, birth year and sex, as in [`generate`] (only when
/// every number of a place and sex is taken, 10 million each, would one repeat).
pub(crate) fn people(seed: u64) -> impl Iterator<Item = (String, String)> + use<> {
    let places = known_places();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tables = Tables::new();
    let mut citizen_ids = CitizenIds::new(places.len());
    std::iter::from_fn(move || {
        let male = rng.gen_range(0..100) < MALE_PERCENT;
        let place = places[rng.gen_range(0..places.len())].id_place;
        let slot = citizen_ids.allocate(place, rng.gen_range(BIRTH_YEAR_FIRST..=BIRTH_YEAR_LAST), male);
        let id_number = citizen_id_number(&places[slot.place].digits, &slot);
        Some((id_number, person_name(&mut rng, &tables, male)))
    })
}

/// 案件受理费 of a property case for `amount_fen` (诉讼费用交纳办法 第十三条第(一)项, LAW.md §6 "for
/// reference"): 50 yuan up to 10,000 yuan, then progressively 2.5% (to 100,000), 2% (to 200,000),
/// 1.5% (to 500,000), 1% (to 1,000,000), 0.9% (to 2,000,000), 0.8% (to 5,000,000), 0.7% (to
/// 10,000,000), 0.6% (to 20,000,000) and 0.5% above; rounded half-up to the 分 (LAW.md §16).
pub(crate) fn acceptance_fee_fen(amount_fen: i64) -> i64 {
    const FLAT_FEN: i64 = 50 * YUAN;
    const FLAT_UP_TO_FEN: i64 = 10_000 * YUAN;
    /// (upper end of the bracket in 分, rate in basis points).
    const BRACKETS: [(i64, i128); 9] = [
        (100_000 * YUAN, 250),
        (200_000 * YUAN, 200),
        (500_000 * YUAN, 150),
        (1_000_000 * YUAN, 100),
        (2_000_000 * YUAN, 90),
        (5_000_000 * YUAN, 80),
        (10_000_000 * YUAN, 70),
        (20_000_000 * YUAN, 60),
        (i64::MAX, 50),
    ];
    let mut lower = FLAT_UP_TO_FEN;
    let mut basis_points_fen: i128 = 0;
    for (upper, rate) in BRACKETS {
        if amount_fen <= lower {
            break;
        }
        basis_points_fen += i128::from(amount_fen.min(upper) - lower) * rate;
        lower = upper;
    }
    let progressive = (basis_points_fen + 5_000) / 10_000;
    FLAT_FEN.saturating_add(i64::try_from(progressive).unwrap_or(i64::MAX))
}

/// One yuan (元) in 分.
pub(super) const YUAN: i64 = 100;

/// Median principal. Enforcement dockets are dominated by small debts (loans between individuals,
/// wages, consumer credit, unpaid goods); 30,000 yuan is a believable middle.
const PRINCIPAL_MEDIAN_YUAN: f64 = 30_000.0;
/// σ of ln(principal): the 90th percentile sits at 10 × the median (300,000 yuan) and z(0.90) =
/// 1.281 55, so σ = ln 10 / 1.281 55. The tail then gives ≈ 0.06% of cases above 10 million yuan —
/// a few hundred in a million, the large commercial disputes every province has.
const PRINCIPAL_SIGMA: f64 = 1.796_7;
/// Clamp of the principal: 100 yuan … 500,000,000 yuan.
const PRINCIPAL_MIN_FEN: i64 = 100 * YUAN;
const PRINCIPAL_MAX_FEN: i64 = 500_000_000 * YUAN;

/// Relative filing volume by month (January first). Illustrative shape, not a statistic: fewer
/// filings in February (Spring Festival) and October (National Day week), otherwise even.
const MONTH_WEIGHTS: [u128; 12] = [105, 70, 110, 100, 100, 105, 100, 95, 100, 85, 105, 100];

/// Percent of cases whose first debtor is taken from the ring of earlier debtors (repeat debtors are
/// what related-case discovery looks for).
const REUSE_DEBTOR_PERCENT: u32 = 15;
/// Of reused debtors, the percent taken from a neighbouring court (same city) rather than the same.
const REUSE_FROM_NEIGHBOUR_PERCENT: u32 = 30;
/// Recent debtors remembered per court. Small, so memory stays bounded and reuse stays local in time.
const DEBTOR_POOL_CAPACITY: usize = 32;
/// One fresh debtor in this many goes into the ring, so the ring samples the court's recent debtors.
const DEBTOR_POOL_ONE_IN: u32 = 3;
/// Percent of persons who are men. Men are the majority of debtors in published 失信 lists; the exact
/// share is not sourced, 62% is illustrative.
const MALE_PERCENT: u32 = 62;

/// Birth years of generated adults: 1950 … 2004.
const BIRTH_YEAR_FIRST: i32 = 1950;
const BIRTH_YEAR_LAST: i32 = 2004;
const BIRTH_YEARS: usize = (BIRTH_YEAR_LAST - BIRTH_YEAR_FIRST + 1) as usize;
/// 顺序码 per (region, birth date, sex): odd codes 001–997 for men, even 002–998 for women.
const SEQUENCE_SLOTS: u32 = 499;

/// 统一社会信用代码 alphabet (GB 32100: no I, O, S, V, Z).
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Size of the space of "MA" + 6-character organization codes (31^6).
const MODERN_ORG_SPACE: u64 = 887_503_681;
/// Size of the space of 8-digit legacy organization codes.
const LEGACY_ORG_SPACE: u64 = 100_000_000;

#[derive(Debug)]
struct Generator {
    rng: ChaCha8Rng,
    tables: Tables,
    places: Vec<Place>,
    courts: Vec<CourtPlan>,
    court_weights: Vec<u64>,
    calendar: Option<Calendar>,
    filed_on: NaiveDate,
    remaining_today: u64,
    remaining_total: u64,
    seq_year: i32,
    seq: Vec<u32>,
    citizen_ids: CitizenIds,
    org_counters: Vec<[u64; 2]>,
    pools: Vec<DebtorPool>,
    lenders: Vec<Option<SeedCompany>>,
}

impl Iterator for Generator {
    type Item = SeedCase;

    fn next(&mut self) -> Option<SeedCase> {
        while self.remaining_today == 0 {
            let (day, count) = self.calendar.as_mut()?.next_day()?;
            if day.year() != self.seq_year {
                self.seq_year = day.year();
                self.seq.fill(0);
            }
            self.filed_on = day;
            self.remaining_today = count;
        }
        self.remaining_today -= 1;
        self.remaining_total = self.remaining_total.saturating_sub(1);
        Some(self.case())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = usize::try_from(self.remaining_total).unwrap_or(usize::MAX);
        (remaining, Some(remaining))
    }
}

impl Generator {
    fn new(config: &SeedConfig) -> Generator {
        let mut places = known_places();
        let courts = plan_courts(config, &mut places);
        let mut running = 0u64;
        let court_weights = courts
            .iter()
            .map(|c| {
                running += u64::from(c.weight);
                running
            })
            .collect();
        let years_ok = config.first_year <= config.last_year
            && (SeedConfig::YEAR_MIN..=SeedConfig::YEAR_MAX).contains(&config.first_year)
            && (SeedConfig::YEAR_MIN..=SeedConfig::YEAR_MAX).contains(&config.last_year);
        let calendar = (years_ok && !courts.is_empty() && config.cases > 0)
            .then(|| Calendar::new(config.first_year, config.last_year, config.cases))
            .flatten();
        let remaining_total = if calendar.is_some() { config.cases } else { 0 };
        Generator {
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            tables: Tables::new(),
            citizen_ids: CitizenIds::new(places.len()),
            org_counters: vec![[0; 2]; places.len()],
            places,
            seq: vec![0; courts.len()],
            pools: (0..courts.len()).map(|_| DebtorPool::default()).collect(),
            lenders: vec![None; courts.len() * names::LENDERS.len()],
            courts,
            court_weights,
            calendar,
            filed_on: NaiveDate::MIN,
            remaining_today: 0,
            remaining_total,
            seq_year: i32::MIN,
        }
    }

    fn case(&mut self) -> SeedCase {
        let court = self.pick_court();
        self.seq[court] += 1;
        let kind = self.basis_kind();
        let basis = self.basis(court, kind);
        let principal_fen = self.principal_fen();
        let interest_fen = self.interest_fen(principal_fen);
        let costs_fen = costs_fen(kind, principal_fen);
        let applicants = self.applicants(court);
        let debtors = self.debtors(court);
        SeedCase {
            court_code: self.courts[court].code.clone(),
            year: self.filed_on.year(),
            seq: self.seq[court],
            filed_on: self.filed_on,
            applicants,
            debtors,
            basis,
            principal_fen,
            interest_fen,
            costs_fen,
        }
    }

    fn pick_court(&mut self) -> usize {
        let total = self.court_weights.last().copied().unwrap_or(1);
        let x = self.rng.gen_range(0..total);
        self.court_weights.partition_point(|&c| c <= x)
    }

    fn percent(&mut self) -> u32 {
        self.rng.gen_range(0..100)
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.percent() < percent
    }
}

// ---------------------------------------------------------------------------------------------
// Enforcement basis and amounts.

impl Generator {
    /// Shares of enforcement bases: judgments 45%, mediation 25%, rulings 5%, arbitral awards 10%,
    /// notarized debt instruments 15% — judgments and mediation dominate the dockets, and notarized
    /// loan contracts are a common instrument of banks and small-loan companies.
    fn basis_kind(&mut self) -> BasisKind {
        match self.percent() {
            0..45 => BasisKind::Judgment,
            45..70 => BasisKind::Mediation,
            70..75 => BasisKind::Ruling,
            75..85 => BasisKind::ArbitralAward,
            _ => BasisKind::NotarizedDebt,
        }
    }

    /// The basis became effective 1–24 months before filing (within the two-year 申请执行期间 of
    /// 民事诉讼法, which runs from the last day to perform); the debtor had 10–30 days to perform, a
    /// judgment usually "判决生效之日起十日内". Filing always comes after the due date.
    fn basis(&mut self, court: usize, kind: BasisKind) -> SeedBasis {
        let before_filing = self.rng.gen_range(31..=730);
        let effective_on = self.filed_on - Days::new(before_filing);
        let due_days =
            if kind == BasisKind::Judgment && self.chance(85) { 10 } else { self.rng.gen_range(10..=30) };
        let due_on = effective_on + Days::new(due_days);
        // The trial or arbitration was filed in the year it became effective or a year or two before.
        let back = match self.percent() {
            // 民特 rulings (实现担保物权, 确认调解协议) are decided within weeks.
            _ if kind == BasisKind::Ruling => 0,
            0..65 => 0,
            65..95 => 1,
            _ => 2,
        };
        let year = effective_on.year() - back;
        let (issuer, document_number) = self.document(court, kind, year);
        SeedBasis { kind, issuer, document_number, effective_on, due_on }
    }

    /// Issuer and number: the filing court itself (民初; 民特 for rulings such as 实现担保物权), its
    /// intermediate court for appeals (民终, about one judgment in five), the city's arbitration
    /// commission, or the county's notary office.
    fn document(&mut self, court: usize, kind: BasisKind, year: i32) -> (String, String) {
        let plan = &self.courts[court];
        let appeal = match kind {
            BasisKind::Judgment => self.rng.gen_ratio(20, 100),
            BasisKind::Mediation => self.rng.gen_ratio(10, 100),
            _ => false,
        };
        let (issuer, prefix, middle, max) = match kind {
            _ if appeal => (&plan.parent_name, &plan.parent_code, "民终", 12_000),
            BasisKind::Judgment | BasisKind::Mediation => (&plan.name, &plan.code, "民初", 15_000),
            BasisKind::Ruling => (&plan.name, &plan.code, "民特", 3_000),
            BasisKind::ArbitralAward => (&plan.arbitration_name, &plan.arbitration_mark, "第", 3_000),
            BasisKind::NotarizedDebt => (&plan.notary_name, &plan.notary_mark, "第", 9_000),
        };
        let number = self.rng.gen_range(1..=max);
        let mut text = String::with_capacity(prefix.len() + 32);
        text.push('（');
        push_number(&mut text, u64::try_from(year).unwrap_or(0));
        text.push('）');
        text.push_str(prefix);
        text.push_str(middle);
        push_number(&mut text, number);
        text.push('号');
        (issuer.clone(), text)
    }

    /// Principal from a log-normal (median 30,000 yuan, 90th percentile 300,000) clamped to 100 yuan
    /// … 500,000,000 yuan. Half are whole yuan, three in ten round (to 100 / 1,000 / 10,000 yuan: the
    /// face value of a loan or a contract), two in ten carry 分 (computed sums such as wages or
    /// goods).
    fn principal_fen(&mut self) -> i64 {
        let z = standard_normal(&mut self.rng);
        let yuan = (PRINCIPAL_MEDIAN_YUAN * (PRINCIPAL_SIGMA * z).exp())
            .clamp(PRINCIPAL_MIN_FEN as f64 / 100.0, PRINCIPAL_MAX_FEN as f64 / 100.0);
        let fen = match self.percent() {
            0..20 => (yuan * 100.0).round() as i64,
            20..50 => {
                let step = match yuan {
                    y if y >= 100_000.0 => 10_000.0,
                    y if y >= 10_000.0 => 1_000.0,
                    y if y >= 1_000.0 => 100.0,
                    _ => 1.0,
                };
                ((yuan / step).round() * step) as i64 * 100
            }
            _ => yuan.round() as i64 * 100,
        };
        fen.clamp(PRINCIPAL_MIN_FEN, PRINCIPAL_MAX_FEN)
    }

    /// Interest awarded: none in a bit over half of the cases (goods, wages, many mediations), else
    /// 0.01%–20% of the principal (contract or statutory interest up to judgment).
    fn interest_fen(&mut self, principal_fen: i64) -> i64 {
        if self.chance(55) {
            return 0;
        }
        let basis_points = self.rng.gen_range(1..=2_000i128);
        let interest = (i128::from(principal_fen) * basis_points + 5_000) / 10_000;
        i64::try_from(interest).unwrap_or(i64::MAX)
    }
}

/// Court costs the debtor bears: the 案件受理费 on the principal; half of it after mediation
/// (诉讼费用交纳办法 第十五条: 以调解方式结案的，减半交纳案件受理费); none for a notarized instrument,
/// which never went to court. For arbitral awards the schedule stands in for the arbitration fee.
fn costs_fen(kind: BasisKind, principal_fen: i64) -> i64 {
    let fee = acceptance_fee_fen(principal_fen);
    match kind {
        BasisKind::NotarizedDebt => 0,
        BasisKind::Mediation => (fee + 1) / 2,
        BasisKind::Judgment | BasisKind::Ruling | BasisKind::ArbitralAward => fee,
    }
}

/// A standard normal variate (Box–Muller). `1 − u` keeps the logarithm's argument in (0, 1].
fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - rng.r#gen::<f64>();
    let u2 = rng.r#gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

// ---------------------------------------------------------------------------------------------
// Parties.

/// How old a generated person is at filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AgeBand {
    /// 18–62, most often around 40: the sum of two uniform draws.
    Adult,
    /// 25–65, most often around 45: company representatives.
    Representative,
}

/// What an address is for: a home has flats and villages, an office has floors and rooms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dwelling {
    Home,
    Office,
}

impl Generator {
    /// Applicants: persons about 55% (private loans, wages, sales), banks and small-loan companies
    /// about 20%, other companies about 25%; a second applicant in about one case in seven
    /// (co-creditors such as spouses or partners), never beside a lender.
    fn applicants(&mut self, court: usize) -> Vec<SeedParty> {
        let mut parties = Vec::with_capacity(2);
        match self.percent() {
            0..55 => parties.push(SeedParty::Person(self.person(court, AgeBand::Adult))),
            55..75 => {
                parties.push(SeedParty::Company(self.lender(court)));
                return parties;
            }
            _ => parties.push(SeedParty::Company(self.company(court))),
        }
        if self.chance(15) {
            let second = match &parties[0] {
                SeedParty::Person(_) => SeedParty::Person(self.person(court, AgeBand::Adult)),
                SeedParty::Company(_) => SeedParty::Company(self.company(court)),
            };
            parties.push(second);
        }
        parties
    }

    /// Debtors: one (60%), two (28%) or three (12%). In 15% of cases the first is a debtor seen
    /// before in this court or a neighbouring one. When the first is a company, the second is often
    /// its legal representative, who guaranteed the debt — the typical small-business loan, and the
    /// person–company link related-case discovery follows. Fresh draws are persons 65% (first) and
    /// 75% (others), which with the guarantors makes about 70% of all debtors persons.
    fn debtors(&mut self, court: usize) -> Vec<SeedParty> {
        let count = match self.percent() {
            0..60 => 1,
            60..88 => 2,
            _ => 3,
        };
        let mut parties = Vec::with_capacity(count);
        let recalled = if self.chance(REUSE_DEBTOR_PERCENT) { self.recall(court) } else { None };
        let first = match recalled {
            Some(party) => party,
            None if self.chance(65) => self.fresh_debtor(court, Party::Person),
            None => self.fresh_debtor(court, Party::Company),
        };
        let mut guarantor = match &first {
            SeedParty::Company(company) if self.chance(50) => Some(company.legal_representative.clone()),
            _ => None,
        };
        parties.push(first);
        while parties.len() < count {
            let party = match guarantor.take() {
                Some(person) => SeedParty::Person(person),
                None if self.chance(75) => self.fresh_debtor(court, Party::Person),
                None => self.fresh_debtor(court, Party::Company),
            };
            parties.push(party);
        }
        parties
    }

    fn fresh_debtor(&mut self, court: usize, party: Party) -> SeedParty {
        let debtor = match party {
            Party::Person => SeedParty::Person(self.person(court, AgeBand::Adult)),
            Party::Company => SeedParty::Company(self.company(court)),
        };
        if self.rng.gen_ratio(1, DEBTOR_POOL_ONE_IN) {
            self.pools[court].remember(&debtor);
        }
        debtor
    }

    /// A debtor from the ring of this court or, sometimes, of a court in the same city.
    fn recall(&mut self, court: usize) -> Option<SeedParty> {
        let neighbours = self.courts[court].neighbours.len();
        let source = if neighbours > 0 && self.chance(REUSE_FROM_NEIGHBOUR_PERCENT) {
            self.courts[court].neighbours[self.rng.gen_range(0..neighbours)]
        } else {
            court
        };
        let pool = &self.pools[source].parties;
        if pool.is_empty() {
            return None;
        }
        let pick = self.rng.gen_range(0..pool.len());
        Some(pool[pick].clone())
    }

    fn person(&mut self, court: usize, band: AgeBand) -> SeedPerson {
        let male = self.chance(MALE_PERCENT);
        let home = self.courts[court].place;
        let place = match self.percent() {
            // Mostly born and registered where the court is; some elsewhere in 浙江; some migrants.
            0..65 => home,
            65..85 => self.tables.zhejiang_all[self.rng.gen_range(0..self.tables.zhejiang_all.len())],
            _ => self.tables.elsewhere[self.rng.gen_range(0..self.tables.elsewhere.len())],
        };
        let age = match band {
            AgeBand::Adult => 18 + self.rng.gen_range(0..=22) + self.rng.gen_range(0..=22),
            AgeBand::Representative => 25 + self.rng.gen_range(0..=20) + self.rng.gen_range(0..=20),
        };
        let birth_year = (self.filed_on.year() - age).clamp(BIRTH_YEAR_FIRST, BIRTH_YEAR_LAST);
        let slot = self.citizen_ids.allocate(self.places[place].id_place, birth_year, male);
        let id_number = citizen_id_number(&self.places[slot.place].digits, &slot);
        let name = self.person_name(male);
        let phone = self.phone();
        // People mostly live where they are sued; the rest at their registered home.
        let address_place =
            if self.chance(75) || !self.places[slot.place].current { home } else { slot.place };
        let address = self.address(address_place, Dwelling::Home);
        SeedPerson { name, id_number, phone, address }
    }

    fn person_name(&mut self, male: bool) -> String {
        person_name(&mut self.rng, &self.tables, male)
    }

    fn phone(&mut self) -> String {
        let prefix = names::MOBILE_PREFIXES[self.rng.gen_range(0..names::MOBILE_PREFIXES.len())];
        let mut phone = String::with_capacity(11);
        phone.push_str(prefix);
        push_padded(&mut phone, self.rng.gen_range(0..100_000_000), 8);
        phone
    }

    /// A company registered mostly in the court's county (else elsewhere in 浙江), named
    /// "<city><two-character trade name><industry>有限公司".
    fn company(&mut self, court: usize) -> SeedCompany {
        let place = if self.chance(85) {
            self.courts[court].place
        } else {
            self.tables.zhejiang_current[self.rng.gen_range(0..self.tables.zhejiang_current.len())]
        };
        let mut name = String::with_capacity(48);
        name.push_str(&self.places[place].city_short);
        self.push_trade_name(&mut name);
        let industry = pick_weighted(&mut self.rng, &self.tables.industry_weights);
        name.push_str(names::INDUSTRIES[industry].0);
        name.push_str("有限公司");
        let uscc = self.uscc(place);
        let legal_representative = self.person(court, AgeBand::Representative);
        let address = self.address(place, Dwelling::Office);
        SeedCompany { name, uscc, legal_representative, address }
    }

    /// A bank branch, rural bank or small-loan company of the court's county: created once per
    /// (court, lender) and then reused, so every case of that lender carries the same name, code and
    /// representative.
    fn lender(&mut self, court: usize) -> SeedCompany {
        let lender = pick_weighted(&mut self.rng, &self.tables.lender_weights);
        let slot = court * names::LENDERS.len() + lender;
        if let Some(company) = &self.lenders[slot] {
            return company.clone();
        }
        let place = self.courts[court].place;
        let name = self.lender_name(place, names::LENDERS[lender].0);
        let uscc = self.uscc(place);
        let legal_representative = self.person(court, AgeBand::Representative);
        let address = self.address(place, Dwelling::Office);
        let company = SeedCompany { name, uscc, legal_representative, address };
        self.lenders[slot] = Some(company.clone());
        company
    }

    fn lender_name(&mut self, place: usize, kind: LenderKind) -> String {
        let mut name = String::with_capacity(64);
        match kind {
            LenderKind::BankBranch(bank) => {
                name.push_str(bank);
                name.push_str(&self.places[place].branch_place);
                name.push_str("支行");
            }
            LenderKind::RuralBank => {
                name.push_str(&self.places[place].province_short);
                name.push_str(&self.places[place].short);
                name.push_str("农村商业银行股份有限公司");
            }
            LenderKind::SmallLoan => {
                name.push_str(&self.places[place].county_full);
                self.push_trade_name(&mut name);
                name.push_str("小额贷款股份有限公司");
            }
        }
        name
    }

    fn push_trade_name(&mut self, name: &mut String) {
        push_two_distinct(&mut self.rng, &self.tables.trade_chars, name);
    }

    /// "91" (市场监管 / 企业) + region code + 9-character organization code + check character.
    fn uscc(&mut self, place: usize) -> String {
        let modern = self.chance(65);
        let counter = &mut self.org_counters[place][usize::from(modern)];
        let serial = *counter;
        *counter += 1;
        let body = organization_code_body(serial, place, modern);
        let mut code = String::with_capacity(18);
        code.push_str("91");
        code.extend(self.places[place].digits.iter().map(|&b| char::from(b)));
        code.extend(body.iter().map(|&b| char::from(b)));
        code.push(organization_check(&body));
        let check =
            uscc::check_character(&code).expect("17 characters of the GB 32100 alphabet by construction");
        code.push(check);
        code
    }

    /// "<province><city><county>" + a street address, a village address (homes, some) or an office.
    fn address(&mut self, place: usize, dwelling: Dwelling) -> String {
        let rng = &mut self.rng;
        let tables = &self.tables;
        let mut text = String::with_capacity(96);
        text.push_str(&self.places[place].address_prefix);
        if dwelling == Dwelling::Home && rng.gen_ratio(15, 100) {
            for suffix in ["镇", "村"] {
                push_two_distinct(rng, &tables.place_chars, &mut text);
                text.push_str(suffix);
            }
            push_number(&mut text, rng.gen_range(1..=300));
            text.push('号');
            return text;
        }
        text.push_str(names::ROAD_ROOTS[rng.gen_range(0..names::ROAD_ROOTS.len())]);
        text.push_str(match rng.gen_range(0..100) {
            0..70 => "路",
            70..85 => "街",
            _ => "大道",
        });
        push_number(&mut text, rng.gen_range(1..=999));
        text.push('号');
        let floor = rng.gen_range(1..=28u64);
        let room = floor * 100 + rng.gen_range(1..=12);
        match dwelling {
            Dwelling::Home if rng.gen_ratio(70, 100) => {
                push_number(&mut text, rng.gen_range(1..=30));
                text.push('幢');
                push_number(&mut text, rng.gen_range(1..=4));
                text.push_str("单元");
                push_number(&mut text, room);
                text.push('室');
            }
            Dwelling::Office if rng.gen_ratio(60, 100) => {
                push_number(&mut text, rng.gen_range(1..=12));
                text.push('幢');
                push_number(&mut text, room);
                text.push('室');
            }
            Dwelling::Office => {
                push_number(&mut text, floor);
                text.push('楼');
            }
            Dwelling::Home => {}
        }
        text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Party {
    Person,
    Company,
}

/// Surname by frequency; a one-character given name about one time in five, else two characters, the first
/// sometimes from the neutral list; characters by the sex the ID encodes.
fn person_name(rng: &mut ChaCha8Rng, tables: &Tables, male: bool) -> String {
    let surname = names::SURNAMES[pick_weighted(rng, &tables.surname_weights)].0;
    let given = if male { &tables.given_male } else { &tables.given_female };
    let mut name = String::with_capacity(9);
    name.push_str(surname);
    if rng.gen_ratio(22, 100) {
        name.push(given[rng.gen_range(0..given.len())]);
        return name;
    }
    let first = if rng.gen_ratio(30, 100) { &tables.given_neutral } else { given };
    name.push(first[rng.gen_range(0..first.len())]);
    name.push(given[rng.gen_range(0..given.len())]);
    name
}

/// The 18-character 公民身份号码: region, birth date, 顺序码, and the GB 11643 check character
/// computed by zhixing-core.
fn citizen_id_number(region: &[u8; 6], slot: &IdSlot) -> String {
    let (month, day) = month_and_day(slot.year, slot.ordinal0);
    let mut id = String::with_capacity(18);
    id.extend(region.iter().map(|&b| char::from(b)));
    push_padded(&mut id, u64::try_from(slot.year).unwrap_or(0), 4);
    push_padded(&mut id, u64::from(month), 2);
    push_padded(&mut id, u64::from(day), 2);
    push_padded(&mut id, u64::from(slot.sequence), 3);
    let check = citizen_id::check_character(&id).expect("17 ASCII digits by construction");
    id.push(check);
    id
}

/// Month and day of the `ordinal0`-th day (0-based) of `year`, without a calendar library: this
/// runs for every generated person.
fn month_and_day(year: i32, ordinal0: u32) -> (u32, u32) {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut rest = ordinal0;
    for (month0, &length) in DAYS.iter().enumerate() {
        let length = if month0 == 1 && is_leap_year(year) { 29 } else { length };
        if rest < length {
            return (month0 as u32 + 1, rest + 1);
        }
        rest -= length;
    }
    (12, 31)
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The 8 characters of an organization code (GB 11714) before its check character, unique per
/// (place, style): serial numbers are spread over the space by an affine map modulo its size, which
/// is a bijection because the multiplier is coprime to the size. Modern codes (assigned since the
/// 2015 reform) start with "MA"; legacy ones are 8 digits.
fn organization_code_body(serial: u64, place: usize, modern: bool) -> [u8; 8] {
    let offset = (place as u64).wrapping_mul(2_654_435_761);
    let mut body = [b'0'; 8];
    if modern {
        // 48,271 is not a multiple of 31, so the map is a permutation of 0..31^6.
        let mut value = (serial % MODERN_ORG_SPACE * 48_271 + offset) % MODERN_ORG_SPACE;
        body[0] = b'M';
        body[1] = b'A';
        for slot in body[2..].iter_mut().rev() {
            *slot = USCC_ALPHABET[(value % 31) as usize];
            value /= 31;
        }
    } else {
        // 7,654,321 is odd and does not end in 5, so it is coprime to 10^8.
        let mut value = (serial % LEGACY_ORG_SPACE * 7_654_321 + offset) % LEGACY_ORG_SPACE;
        for slot in body.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    body
}

/// Check character of an organization code, GB 11714 (LAW.md §14.2): weights [3, 7, 9, 10, 5, 8,
/// 4, 2], letters valued A = 10 … Z = 35, c = 11 − (sum mod 11), 10 → 'X', 11 → '0'. The result is a
/// digit or 'X', both in the GB 32100 alphabet, so no draw ever has to be rejected.
fn organization_check(body: &[u8; 8]) -> char {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let value = |b: u8| match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        _ => u32::from(b.saturating_sub(b'A')) + 10,
    };
    let sum: u32 = body.iter().zip(WEIGHTS).map(|(&b, w)| value(b) * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from(b'0' + c as u8),
    }
}

// ---------------------------------------------------------------------------------------------
// Bounded state: unique ID numbers, debtor rings, the filing calendar.

/// Numbers handed out per (place, birth year, sex), so no two generated people share an ID number.
/// The k-th person of a (place, year, sex) gets slot π(k) of the year's days × 499 顺序码, where π
/// is an affine bijection whose multiplier is close to the golden ratio of the slot count: birth
/// dates come out evenly spread over the year and codes do not run 001, 003, … Memory: places × 55
/// years × 2 sexes counters, a few kilobytes, independent of the number of cases.
#[derive(Debug)]
struct CitizenIds {
    counts: Vec<u32>,
    places: usize,
}

/// A free number: where, when born (0-based day of the year), and the 顺序码.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct IdSlot {
    place: usize,
    year: i32,
    ordinal0: u32,
    sequence: u32,
}

impl CitizenIds {
    fn new(places: usize) -> CitizenIds {
        CitizenIds { counts: vec![0; places * BIRTH_YEARS * 2], places }
    }

    /// The next free number of (place, year, sex); when that year is full (182,135 numbers), an
    /// earlier year (older, never younger than asked), then the next place. Only when every number of
    /// that sex is taken — 10 million per place — does it give up and repeat one.
    fn allocate(&mut self, place: usize, year: i32, male: bool) -> IdSlot {
        let year_index = usize::try_from(year - BIRTH_YEAR_FIRST).unwrap_or(0).min(BIRTH_YEARS - 1);
        for place_step in 0..self.places {
            let p = (place + place_step) % self.places;
            for year_step in 0..BIRTH_YEARS {
                let y = (year_index + BIRTH_YEARS - year_step) % BIRTH_YEARS;
                let count = &mut self.counts[(p * BIRTH_YEARS + y) * 2 + usize::from(male)];
                let year = BIRTH_YEAR_FIRST + y as i32;
                if *count < slots_in_year(year) {
                    let taken = *count;
                    *count += 1;
                    return id_slot(taken, p, year, male);
                }
            }
        }
        id_slot(0, place, year, male)
    }
}

fn slots_in_year(year: i32) -> u32 {
    if is_leap_year(year) { 366 * SEQUENCE_SLOTS } else { 365 * SEQUENCE_SLOTS }
}

/// The `taken`-th slot of a (place, year, sex), by the bijection described at [`CitizenIds`].
fn id_slot(taken: u32, place: usize, year: i32, male: bool) -> IdSlot {
    let slots = u64::from(slots_in_year(year));
    // ⌊slots × 0.618…⌋ moved to the nearest number coprime to the slot count (182,135 = 5·73·499,
    // 182,634 = 2·3·61·499), which makes the map a permutation.
    let multiplier: u64 = if slots == 182_135 { 112_567 } else { 112_877 };
    let offset = (place as u64 * 7_919 + year as u64 * 104_729 + u64::from(male) * 31) % slots;
    let index = (u64::from(taken) * multiplier + offset) % slots;
    let sequence_index = (index % u64::from(SEQUENCE_SLOTS)) as u32;
    IdSlot {
        place,
        year,
        ordinal0: (index / u64::from(SEQUENCE_SLOTS)) as u32,
        sequence: if male { 2 * sequence_index + 1 } else { 2 * sequence_index + 2 },
    }
}

/// Recent debtors of one court, a ring of at most [`DEBTOR_POOL_CAPACITY`].
#[derive(Debug, Default)]
struct DebtorPool {
    parties: Vec<SeedParty>,
    next: usize,
}

impl DebtorPool {
    fn remember(&mut self, party: &SeedParty) {
        if self.parties.len() < DEBTOR_POOL_CAPACITY {
            self.parties.push(party.clone());
        } else {
            self.parties[self.next] = party.clone();
            self.next = (self.next + 1) % DEBTOR_POOL_CAPACITY;
        }
    }
}

/// Filing days (weekdays; public holidays are not modelled here) and each day's share of the cases:
/// with cumulative day weights W_i out of W, day i gets ⌊W_{i+1}·N/W⌋ − ⌊W_i·N/W⌋ cases, so the
/// shares add up to exactly N.
#[derive(Debug)]
struct Calendar {
    next: NaiveDate,
    last: NaiveDate,
    weight_before: u128,
    weight_total: u128,
    cases: u128,
}

impl Calendar {
    fn new(first_year: i32, last_year: i32, cases: u64) -> Option<Calendar> {
        let first = NaiveDate::from_ymd_opt(first_year, 1, 1)?;
        let last = NaiveDate::from_ymd_opt(last_year, 12, 31)?;
        let weight_total = first.iter_days().take_while(|d| *d <= last).map(day_weight).sum();
        Some(Calendar { next: first, last, weight_before: 0, weight_total, cases: u128::from(cases) })
    }

    fn next_day(&mut self) -> Option<(NaiveDate, u64)> {
        loop {
            let day = self.next;
            if day > self.last || self.weight_total == 0 {
                return None;
            }
            self.next = day.succ_opt()?;
            let weight = day_weight(day);
            if weight == 0 {
                continue;
            }
            let before = self.weight_before * self.cases / self.weight_total;
            self.weight_before += weight;
            let after = self.weight_before * self.cases / self.weight_total;
            return Some((day, u64::try_from(after - before).unwrap_or(u64::MAX)));
        }
    }
}

fn day_weight(day: NaiveDate) -> u128 {
    match day.weekday() {
        Weekday::Sat | Weekday::Sun => 0,
        _ => MONTH_WEIGHTS[day.month0() as usize],
    }
}

// ---------------------------------------------------------------------------------------------
// Places and courts, prepared once.

/// A county with everything names and addresses need, precomputed.
#[derive(Debug, Clone)]
struct Place {
    code: u32,
    digits: [u8; 6],
    /// Names known (from `regions`) and current (not an abolished code).
    current: bool,
    /// The place whose code adults registered here carry in their ID number: itself, or for a
    /// division created after 2004 its predecessor (`regions::ID_PREDECESSORS`).
    id_place: usize,
    province: String,
    /// "浙江" for "浙江省" (rural bank names).
    province_short: String,
    city: String,
    /// "杭州" for "杭州市" (company names).
    city_short: String,
    county: String,
    short: String,
    /// "浙江省杭州市西湖区".
    address_prefix: String,
    /// "杭州西湖" for a district, "桐庐" for a county (bank branch names).
    branch_place: String,
    /// "杭州市西湖区" for a district, "桐庐县" for a county (small-loan company names).
    county_full: String,
}

impl Place {
    fn known(region: &Region) -> Place {
        let city_short = region.city.strip_suffix('市').unwrap_or(region.city).to_owned();
        let city_short = if city_short.is_empty() {
            region.province.trim_end_matches(['省', '市']).to_owned()
        } else {
            city_short
        };
        let district = region.county.ends_with('区');
        let branch_place =
            if district { format!("{city_short}{}", region.short) } else { region.short.to_owned() };
        let county_full =
            if district { format!("{}{}", region.city, region.county) } else { region.county.to_owned() };
        Place {
            code: region.code,
            digits: region_digits(region.code),
            current: region.population > 0 || !region.province.starts_with("浙江"),
            id_place: usize::MAX,
            province: region.province.to_owned(),
            province_short: region.province.trim_end_matches(['省', '市']).to_owned(),
            city: region.city.to_owned(),
            city_short,
            county: region.county.to_owned(),
            short: region.short.to_owned(),
            address_prefix: format!("{}{}{}", region.province, region.city, region.county),
            branch_place,
            county_full,
        }
    }

    /// A county the tables do not name (a court outside them): codes are right, names are blank.
    fn unnamed(code: u32) -> Place {
        Place {
            code,
            digits: region_digits(code),
            current: false,
            id_place: usize::MAX,
            province: String::new(),
            province_short: String::new(),
            city: String::new(),
            city_short: String::new(),
            county: String::new(),
            short: String::new(),
            address_prefix: String::new(),
            branch_place: String::new(),
            county_full: String::new(),
        }
    }
}

fn region_digits(code: u32) -> [u8; 6] {
    let mut digits = [b'0'; 6];
    let mut value = code;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
    digits
}

fn known_places() -> Vec<Place> {
    let mut places: Vec<Place> =
        regions::ZHEJIANG.iter().chain(regions::ELSEWHERE).map(Place::known).collect();
    link_id_places(&mut places);
    places
}

/// Sets every place's `id_place` (itself unless `regions::ID_PREDECESSORS` names a predecessor).
fn link_id_places(places: &mut [Place]) {
    let codes: Vec<u32> = places.iter().map(|p| p.code).collect();
    for (index, place) in places.iter_mut().enumerate() {
        let predecessor = regions::ID_PREDECESSORS.iter().find(|(new, _)| *new == place.code);
        place.id_place =
            predecessor.and_then(|(_, old)| codes.iter().position(|code| code == old)).unwrap_or(index);
    }
}

/// A court of the config with its issuers' names precomputed.
#[derive(Debug, Clone)]
struct CourtPlan {
    code: String,
    weight: u32,
    place: usize,
    /// "杭州市西湖区人民法院".
    name: String,
    /// The court above: "浙01" / "杭州市中级人民法院".
    parent_code: String,
    parent_name: String,
    /// "杭州仲裁委员会" and the mark before the number, "杭仲裁字".
    arbitration_name: String,
    arbitration_mark: String,
    /// "浙江省杭州市西湖公证处" and the mark before the number, "浙杭西证字".
    notary_name: String,
    notary_mark: String,
    /// Courts of the same city (same first four digits of the region code).
    neighbours: Vec<usize>,
}

fn plan_courts(config: &SeedConfig, places: &mut Vec<Place>) -> Vec<CourtPlan> {
    let mut courts: Vec<CourtPlan> = Vec::new();
    for court in &config.courts {
        let Some(code) = parse_region_code(&court.region_code) else { continue };
        // A second court with the same code would hand out the same 案号 again.
        let duplicate = courts.iter().any(|c| c.code == court.code);
        if court.weight == 0 || !is_court_code(&court.code) || duplicate {
            continue;
        }
        let place = match places.iter().position(|p| p.code == code) {
            Some(index) => index,
            None => {
                let mut unnamed = Place::unnamed(code);
                unnamed.id_place = places.len();
                places.push(unnamed);
                places.len() - 1
            }
        };
        courts.push(plan_court(&court.code, court.weight, place, &places[place]));
    }
    let cities: Vec<u32> = courts.iter().map(|c| places[c.place].code / 100).collect();
    for (index, court) in courts.iter_mut().enumerate() {
        court.neighbours =
            (0..cities.len()).filter(|&other| other != index && cities[other] == cities[index]).collect();
    }
    courts
}

fn plan_court(code: &str, weight: u32, place_index: usize, place: &Place) -> CourtPlan {
    let province_char: String = code.chars().take(1).collect();
    let named = !place.county.is_empty();
    let (name, parent_code, parent_name) = court_names(code, place);
    let city_abbreviation = regions::zhejiang_city(place.code / 100)
        .map(|c| c.abbreviation.to_owned())
        .unwrap_or_else(|| place.city_short.chars().take(1).collect());
    let arbitration_name =
        if named { format!("{}仲裁委员会", place.city_short) } else { format!("{code}仲裁委员会") };
    let notary_name = match (named, place.county.ends_with('区')) {
        (false, _) => format!("{code}公证处"),
        (true, true) => format!("{}{}{}公证处", place.province, place.city, place.short),
        (true, false) => format!("{}{}公证处", place.province, place.county),
    };
    let county_initial: String = place.short.chars().take(1).collect();
    CourtPlan {
        code: code.to_owned(),
        weight,
        place: place_index,
        name,
        parent_code,
        parent_name,
        arbitration_name,
        arbitration_mark: format!("{city_abbreviation}仲裁字"),
        notary_name,
        notary_mark: format!("{province_char}{city_abbreviation}{county_initial}证字"),
        neighbours: Vec::new(),
    }
}

/// The court's name, and the code and name of the court above it, from the 法院代字 (LAW.md §10:
/// 基层 = province + 4 digits, 中院 = province + 2 digits, 高院 = province alone) and the county's
/// names: 杭州市西湖区人民法院 for a district, 桐庐县人民法院 / 义乌市人民法院 for a county.
fn court_names(code: &str, place: &Place) -> (String, String, String) {
    let province_char: String = code.chars().take(1).collect();
    let named = !place.county.is_empty();
    let city_or_province = if place.city.is_empty() { &place.province } else { &place.city };
    let high_court = if named {
        format!("{}高级人民法院", place.province)
    } else {
        format!("{province_char}高级人民法院")
    };
    match code.len() - province_char.len() {
        4 => {
            let parent_code = code[..code.len() - 2].to_owned();
            let name = match (named, place.county.ends_with('区')) {
                (false, _) => format!("{code}人民法院"),
                (true, true) => format!("{city_or_province}{}人民法院", place.county),
                (true, false) => format!("{}人民法院", place.county),
            };
            let parent_name = if named {
                format!("{city_or_province}中级人民法院")
            } else {
                format!("{parent_code}中级人民法院")
            };
            (name, parent_code, parent_name)
        }
        2 => {
            let name = if named {
                format!("{city_or_province}中级人民法院")
            } else {
                format!("{code}中级人民法院")
            };
            (name, province_char, high_court)
        }
        _ => (high_court.clone(), code.to_owned(), high_court),
    }
}

// ---------------------------------------------------------------------------------------------
// Tables and small helpers.

/// Name tables turned into what drawing needs: character vectors and cumulative weights.
#[derive(Debug)]
struct Tables {
    surname_weights: Vec<u32>,
    industry_weights: Vec<u32>,
    lender_weights: Vec<u32>,
    given_male: Vec<char>,
    given_female: Vec<char>,
    given_neutral: Vec<char>,
    trade_chars: Vec<char>,
    place_chars: Vec<char>,
    /// Indices into the places: 浙江 current counties, 浙江 including abolished codes, elsewhere.
    zhejiang_current: Vec<usize>,
    zhejiang_all: Vec<usize>,
    elsewhere: Vec<usize>,
}

impl Tables {
    fn new() -> Tables {
        let zhejiang = regions::ZHEJIANG.len();
        Tables {
            surname_weights: cumulative(names::SURNAMES.iter().map(|s| s.1)),
            industry_weights: cumulative(names::INDUSTRIES.iter().map(|s| s.1)),
            lender_weights: cumulative(names::LENDERS.iter().map(|s| s.1)),
            given_male: names::GIVEN_MALE.chars().collect(),
            given_female: names::GIVEN_FEMALE.chars().collect(),
            given_neutral: names::GIVEN_NEUTRAL.chars().collect(),
            trade_chars: names::TRADE_CHARS.chars().collect(),
            place_chars: names::PLACE_CHARS.chars().collect(),
            zhejiang_current: (0..zhejiang).filter(|&i| regions::ZHEJIANG[i].population > 0).collect(),
            zhejiang_all: (0..zhejiang).collect(),
            elsewhere: (zhejiang..zhejiang + regions::ELSEWHERE.len()).collect(),
        }
    }
}

fn cumulative(weights: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut total = 0;
    weights
        .map(|w| {
            total += w;
            total
        })
        .collect()
}

/// Index drawn in proportion to the weights whose running totals `cumulative` holds.
fn pick_weighted(rng: &mut ChaCha8Rng, cumulative: &[u32]) -> usize {
    let total = cumulative.last().copied().unwrap_or(1).max(1);
    let x = rng.gen_range(0..total);
    cumulative.partition_point(|&c| c <= x).min(cumulative.len().saturating_sub(1))
}

/// Appends two different characters of `chars` (a name like 鑫鑫 or 北北 reads wrong): the second
/// index is drawn from one fewer and skips the first. `chars` must hold at least two.
fn push_two_distinct(rng: &mut ChaCha8Rng, chars: &[char], text: &mut String) {
    let first = rng.gen_range(0..chars.len());
    let mut second = rng.gen_range(0..chars.len() - 1);
    if second >= first {
        second += 1;
    }
    text.push(chars[first]);
    text.push(chars[second]);
}

/// Appends `value` in decimal without going through `fmt`.
fn push_number(text: &mut String, value: u64) {
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    let mut rest = value;
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    text.extend(buffer[start..].iter().map(|&b| char::from(b)));
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_padded(text: &mut String, value: u64, width: usize) {
    let mut buffer = [b'0'; 20];
    let width = width.min(buffer.len());
    let mut rest = value;
    for slot in buffer[..width].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    text.extend(buffer[..width].iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn people_are_distinct_and_valid() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or(NaiveDate::MIN);
        let persons: Vec<(String, String)> = people(7).take(200_000).collect();
        let numbers: HashSet<&str> = persons.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(numbers.len(), persons.len(), "a number repeats");
        for (id, name) in persons.iter().step_by(97) {
            assert!(citizen_id::CitizenId::parse(id, today).is_ok(), "{id}");
            assert!((2..=3).contains(&name.chars().count()), "{name}");
        }
        let again: Vec<(String, String)> = people(7).take(1_000).collect();
        assert_eq!(again[..], persons[..1_000], "the same seed gives the same people");
        let places: HashSet<&str> = persons.iter().map(|(id, _)| &id[..6]).collect();
        assert!(places.len() > 100, "people come from all over: {} places", places.len());
    }

    #[test]
    fn fee_schedule_article_13() {
        fn check(amount_yuan: i64, fee_yuan: i64) {
            assert_eq!(acceptance_fee_fen(amount_yuan * 100), fee_yuan * 100, "{amount_yuan} yuan");
        }
        check(0, 50);
        check(100, 50);
        check(10_000, 50);
        check(20_000, 300);
        check(100_000, 2_300);
        check(200_000, 4_300);
        check(500_000, 8_800);
        check(1_000_000, 13_800);
        check(2_000_000, 22_800);
        check(5_000_000, 46_800);
        check(10_000_000, 81_800);
        check(20_000_000, 141_800);
        check(30_000_000, 191_800);
        check(500_000_000, 2_541_800);
    }

    #[test]
    fn fee_schedule_article_13_rounds_half_up_to_the_fen() {
        // 10,000.20 yuan: 0.20 × 2.5% = 0.005 yuan = 0.5 分 → 1 分.
        assert_eq!(acceptance_fee_fen(10_000 * YUAN + 20), 50 * YUAN + 1);
        assert_eq!(acceptance_fee_fen(10_000 * YUAN + 19), 50 * YUAN);
    }

    #[test]
    fn costs_article_15_halves_fee_after_mediation() {
        assert_eq!(costs_fen(BasisKind::Mediation, 100_000 * YUAN), 1_150 * YUAN);
        assert_eq!(costs_fen(BasisKind::Judgment, 100_000 * YUAN), 2_300 * YUAN);
        assert_eq!(costs_fen(BasisKind::NotarizedDebt, 100_000 * YUAN), 0);
    }

    #[test]
    fn gb_11714_check_character() {
        fn check(body: &str, expected: char) {
            let body: [u8; 8] = body.as_bytes().try_into().expect("8 characters");
            assert_eq!(organization_check(&body), expected, "{body:?}");
        }
        // Organization codes embedded in the valid codes of LAW.md §14.2.
        check("M000100Y", '4');
        check("77604965", '3');
        check("07283195", '4');
        check("MA5CJQ4N", '5');
        check("15498973", '9');
    }

    #[test]
    fn organization_code_bodies_are_unique_per_place() {
        for modern in [true, false] {
            let bodies: HashSet<[u8; 8]> =
                (0..50_000).map(|serial| organization_code_body(serial, 3, modern)).collect();
            assert_eq!(bodies.len(), 50_000);
        }
    }

    #[test]
    fn id_slots_are_a_permutation_of_the_year() {
        for (year, male) in [(2001, true), (2001, false), (2004, true)] {
            let slots = slots_in_year(year);
            let taken: HashSet<(u32, u32)> = (0..slots)
                .map(|k| id_slot(k, 5, year, male))
                .map(|slot| (slot.ordinal0, slot.sequence))
                .collect();
            assert_eq!(taken.len() as u32, slots);
            let days = if is_leap_year(year) { 366 } else { 365 };
            assert!(taken.iter().all(|&(day, code)| day < days && (1..=998).contains(&code)));
            assert!(taken.iter().all(|&(_, code)| (code % 2 == 1) == male));
        }
    }

    #[test]
    fn citizen_ids_never_repeat_a_slot() {
        let mut ids = CitizenIds::new(2);
        let full_year = slots_in_year(2001);
        let taken: HashSet<IdSlot> = (0..full_year + 1_000).map(|_| ids.allocate(0, 2001, true)).collect();
        assert_eq!(taken.len() as u32, full_year + 1_000);
        // The year filled up, so the last thousand were born the year before: older, not younger.
        assert_eq!(taken.iter().filter(|slot| slot.year == 2000).count(), 1_000);
    }

    #[test]
    fn month_and_day_of_ordinal() {
        fn check(year: i32, ordinal0: u32, expected: (u32, u32)) {
            assert_eq!(month_and_day(year, ordinal0), expected, "{year} day {ordinal0}");
            let date = NaiveDate::from_yo_opt(year, ordinal0 + 1).expect("date");
            assert_eq!((date.month(), date.day()), expected);
        }
        check(2001, 0, (1, 1));
        check(2001, 58, (2, 28));
        check(2001, 59, (3, 1));
        check(2000, 59, (2, 29));
        check(2000, 365, (12, 31));
        check(1900, 59, (3, 1));
        check(2003, 364, (12, 31));
    }

    #[test]
    fn calendar_shares_add_up() {
        fn check(first_year: i32, last_year: i32, cases: u64) {
            let mut calendar = Calendar::new(first_year, last_year, cases).expect("calendar");
            let mut total = 0;
            while let Some((day, count)) = calendar.next_day() {
                assert!(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun));
                total += count;
            }
            assert_eq!(total, cases);
        }
        check(2024, 2024, 1);
        check(2024, 2024, 7);
        check(2020, 2024, 1_000_003);
        check(2023, 2023, 10_000_000_000);
    }

    #[test]
    fn numbers_are_written_without_fmt() {
        let mut text = String::new();
        push_number(&mut text, 0);
        push_number(&mut text, 1_234);
        push_padded(&mut text, 42, 3);
        push_padded(&mut text, 12_345, 3);
        assert_eq!(text, "01234042345");
    }

    #[test]
    fn court_plans_name_their_issuers() {
        let places = known_places();
        let index = places.iter().position(|p| p.code == 330106).expect("西湖区");
        let plan = plan_court("浙0106", 1, index, &places[index]);
        assert_eq!(plan.name, "杭州市西湖区人民法院");
        assert_eq!((plan.parent_code.as_str(), plan.parent_name.as_str()), ("浙01", "杭州市中级人民法院"));
        assert_eq!(
            (plan.arbitration_name.as_str(), plan.arbitration_mark.as_str()),
            ("杭州仲裁委员会", "杭仲裁字")
        );
        assert_eq!(
            (plan.notary_name.as_str(), plan.notary_mark.as_str()),
            ("浙江省杭州市西湖公证处", "浙杭西证字")
        );
        let index = places.iter().position(|p| p.code == 330782).expect("义乌市");
        let plan = plan_court("浙0782", 1, index, &places[index]);
        assert_eq!(plan.name, "义乌市人民法院");
        assert_eq!(plan.parent_name, "金华市中级人民法院");
        assert_eq!(plan.notary_name, "浙江省义乌市公证处");
        assert_eq!(places[index].branch_place, "义乌");
    }

    #[test]
    fn divisions_created_after_2004_lend_their_predecessors_code_to_id_numbers() {
        let places = known_places();
        let code_of = |code: u32| places.iter().find(|p| p.code == code).expect("place");
        for &(new, old) in regions::ID_PREDECESSORS {
            assert_eq!(places[code_of(new).id_place].code, old, "{new}");
        }
        assert_eq!(places[code_of(330106).id_place].code, 330106);
    }
}
