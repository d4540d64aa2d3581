//! The institutions of the network: about 3,900 banks (21 national, a city commercial bank per listed
//! city, rural banks for the rest), the central bank's one-key inquiry, the national registries and
//! platforms for the other classes and for whereabouts (总对总), and in every province a real-estate
//! registry and a provident-fund centre reached point to point (点对点, `channel: "local"`).

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::{HashMap, HashSet};
use zhixing_core::inquiry::classes::AssetClass;
use zhixing_core::inquiry::protocol::Institution;

use crate::names::{NATIONAL_BANKS, PLACE_CHARS, PROVINCES, VILLAGE_BANK_SPONSORS};

/// What kind of institution it is: decides its default latency and limits, and its `kind` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    CentralBank,
    NationalBank,
    CityBank,
    RuralBank,
    Registry,
    PaymentPlatform,
    Insurer,
    Carrier,
    LocalRegistry,
}

impl Kind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Kind::CentralBank => "central_bank",
            Kind::NationalBank => "national_bank",
            Kind::CityBank => "city_bank",
            Kind::RuralBank => "rural_bank",
            Kind::Registry => "registry",
            Kind::PaymentPlatform => "payment_platform",
            Kind::Insurer => "insurer",
            Kind::Carrier => "carrier",
            Kind::LocalRegistry => "local_registry",
        }
    }
}

/// One institution as the sandbox keeps it.
#[derive(Debug)]
pub(crate) struct Inst {
    pub(crate) info: Institution,
    pub(crate) kind: Kind,
    /// Bit `i` set: answers for `AssetClass::ALL[i]`.
    pub(crate) classes: u16,
}

pub(crate) fn class_bit(class: AssetClass) -> u16 {
    let index = AssetClass::ALL.iter().position(|c| *c == class).expect("every class is in ALL");
    1 << index
}

/// The catalogue, with the roles the holdings generator needs.
#[derive(Debug)]
pub(crate) struct Catalogue {
    pub(crate) institutions: Vec<Inst>,
    pub(crate) by_code: HashMap<String, u32>,
    pub(crate) national_banks: Vec<u32>,
    /// Cumulative weights over `national_banks` (who holds personal accounts).
    pub(crate) national_bank_weights: Vec<u32>,
    /// City and rural banks by province index.
    pub(crate) city_banks: Vec<Vec<u32>>,
    pub(crate) rural_banks: Vec<Vec<u32>>,
    pub(crate) central_bank: u32,
    pub(crate) wealth_registry: u32,
    pub(crate) securities: u32,
    pub(crate) funds: u32,
    /// Payment platforms with their share of accounts.
    pub(crate) payment: Vec<(u32, u32)>,
    pub(crate) vehicles: u32,
    pub(crate) real_estate: u32,
    pub(crate) ships: u32,
    pub(crate) equity: u32,
    pub(crate) insurers: Vec<u32>,
    pub(crate) provident: u32,
    pub(crate) social: u32,
    pub(crate) household: u32,
    pub(crate) exit_entry: u32,
    pub(crate) marriage: u32,
    pub(crate) carriers: Vec<(u32, u32)>,
    /// Point-to-point agencies by province index.
    pub(crate) local_real_estate: Vec<u32>,
    pub(crate) local_provident: Vec<u32>,
}

impl Catalogue {
    pub(crate) fn build(banks: usize, rng: &mut ChaCha8Rng) -> Catalogue {
        let mut b = Builder::default();
        let national: Vec<u32> = NATIONAL_BANKS
            .iter()
            .take(banks)
            .map(|(name, _)| b.bank(name, Kind::NationalBank, true))
            .collect();
        let mut total = 0;
        let national_bank_weights = NATIONAL_BANKS.iter().take(national.len()).map(|(_, w)| {
            total += w;
            total
        });
        let national_bank_weights: Vec<u32> = national_bank_weights.collect();
        let mut city_banks = vec![Vec::new(); PROVINCES.len()];
        'cities: for (index, province) in PROVINCES.iter().enumerate() {
            for city in province.cities {
                if b.banks >= banks {
                    break 'cities;
                }
                let id = b.bank(&format!("{city}银行股份有限公司"), Kind::CityBank, true);
                city_banks[index].push(id);
            }
        }
        let mut rural_banks = vec![Vec::new(); PROVINCES.len()];
        let places: Vec<char> = PLACE_CHARS.chars().collect();
        let mut taken = HashSet::new();
        let mut province = 0;
        while b.banks < banks {
            let name = loop {
                let place: String =
                    [places[rng.gen_range(0..places.len())], places[rng.gen_range(0..places.len())]]
                        .into_iter()
                        .collect();
                if place.chars().next() != place.chars().nth(1) && taken.insert((province, place.clone())) {
                    break rural_bank_name(rng, PROVINCES[province].name, &place);
                }
            };
            let id = b.bank(&name, Kind::RuralBank, false);
            rural_banks[province].push(id);
            province = (province + 1) % PROVINCES.len();
        }
        use AssetClass as C;
        let central_bank =
            b.add("PBOC", "中国人民银行（一键式查控）", Kind::CentralBank, None, &[C::Deposit]);
        let wealth_registry =
            b.add("WMC", "银行业理财登记托管中心", Kind::Registry, None, &[C::WealthManagement]);
        let securities =
            b.add("CSDC", "中国证券登记结算有限责任公司", Kind::Registry, None, &[C::Securities]);
        let funds = b.add(
            "CSDC-TA",
            "中国证券登记结算有限责任公司（开放式基金登记）",
            Kind::Registry,
            None,
            &[C::Fund],
        );
        let payment = vec![
            (
                b.add(
                    "PAY-ALIPAY",
                    "支付宝（中国）网络技术有限公司",
                    Kind::PaymentPlatform,
                    None,
                    &[C::OnlinePayment],
                ),
                55,
            ),
            (
                b.add(
                    "PAY-TENPAY",
                    "财付通支付科技有限公司",
                    Kind::PaymentPlatform,
                    None,
                    &[C::OnlinePayment],
                ),
                35,
            ),
            (
                b.add(
                    "PAY-JD",
                    "网银在线（北京）科技有限公司",
                    Kind::PaymentPlatform,
                    None,
                    &[C::OnlinePayment],
                ),
                7,
            ),
            (b.add("PAY-UMS", "银联商务股份有限公司", Kind::PaymentPlatform, None, &[C::OnlinePayment]), 3),
        ];
        let vehicles = b.add("MPS-TRAFFIC", "公安部交通管理局", Kind::Registry, None, &[C::Vehicle]);
        let real_estate = b.add("MNR", "自然资源部不动产登记中心", Kind::Registry, None, &[C::RealEstate]);
        let ships = b.add("MSA", "交通运输部海事局", Kind::Registry, None, &[C::Ship]);
        let equity = b.add("SAMR", "国家市场监督管理总局", Kind::Registry, None, &[C::Equity]);
        let insurers = [
            ("INS-CHINALIFE", "中国人寿保险股份有限公司"),
            ("INS-PINGAN", "中国平安人寿保险股份有限公司"),
            ("INS-CPIC", "中国太平洋人寿保险股份有限公司"),
            ("INS-NCI", "新华人寿保险股份有限公司"),
            ("INS-TAIKANG", "泰康人寿保险有限责任公司"),
        ]
        .into_iter()
        .map(|(code, name)| b.add(code, name, Kind::Insurer, None, &[C::Insurance]))
        .collect();
        let provident =
            b.add("MOHURD", "住房和城乡建设部（住房公积金监管）", Kind::Registry, None, &[C::ProvidentFund]);
        let social = b.add("MOHRSS", "人力资源和社会保障部", Kind::Registry, None, &[C::SocialInsurance]);
        let household = b.add("MPS-HR", "公安部（人口信息）", Kind::Registry, None, &[C::Household]);
        let exit_entry = b.add("NIA", "国家移民管理局", Kind::Registry, None, &[C::ExitEntry]);
        let marriage = b.add("MCA", "民政部（婚姻登记）", Kind::Registry, None, &[C::Marriage]);
        let carriers = vec![
            (b.add("CMCC", "中国移动通信集团有限公司", Kind::Carrier, None, &[C::Mobile]), 60),
            (b.add("CUCC", "中国联合网络通信集团有限公司", Kind::Carrier, None, &[C::Mobile]), 20),
            (b.add("CTCC", "中国电信集团有限公司", Kind::Carrier, None, &[C::Mobile]), 20),
        ];
        let mut local_real_estate = Vec::with_capacity(PROVINCES.len());
        let mut local_provident = Vec::with_capacity(PROVINCES.len());
        for province in &PROVINCES {
            let suffix = if matches!(province.code, "11" | "12" | "31" | "50") { "市" } else { "省" };
            local_real_estate.push(b.add(
                &format!("RE-{}", province.code),
                &format!("{}{suffix}不动产登记中心（点对点）", province.name),
                Kind::LocalRegistry,
                Some(province.code),
                &[C::RealEstate],
            ));
            local_provident.push(b.add(
                &format!("HPF-{}", province.code),
                &format!("{}{suffix}住房公积金管理中心（点对点）", province.name),
                Kind::LocalRegistry,
                Some(province.code),
                &[C::ProvidentFund],
            ));
        }
        Catalogue {
            by_code: b.by_code,
            institutions: b.institutions,
            national_banks: national,
            national_bank_weights,
            city_banks,
            rural_banks,
            central_bank,
            wealth_registry,
            securities,
            funds,
            payment,
            vehicles,
            real_estate,
            ships,
            equity,
            insurers,
            provident,
            social,
            household,
            exit_entry,
            marriage,
            carriers,
            local_real_estate,
            local_provident,
        }
    }

    pub(crate) fn get(&self, index: u32) -> &Inst {
        &self.institutions[index as usize]
    }
}

fn rural_bank_name(rng: &mut ChaCha8Rng, province: &str, place: &str) -> String {
    match rng.gen_range(0..100) {
        0..60 => format!("{province}{place}农村商业银行股份有限公司"),
        60..75 => format!("{place}县农村信用合作联社"),
        _ => {
            let sponsor = VILLAGE_BANK_SPONSORS[rng.gen_range(0..VILLAGE_BANK_SPONSORS.len())];
            format!("{place}{sponsor}村镇银行股份有限公司")
        }
    }
}

#[derive(Default)]
struct Builder {
    institutions: Vec<Inst>,
    by_code: HashMap<String, u32>,
    banks: usize,
}

impl Builder {
    fn bank(&mut self, name: &str, kind: Kind, sells_wealth_products: bool) -> u32 {
        self.banks += 1;
        let code = format!("B{:04}", self.banks);
        let classes: &[AssetClass] = if sells_wealth_products {
            &[AssetClass::Deposit, AssetClass::WealthManagement]
        } else {
            &[AssetClass::Deposit]
        };
        self.add(&code, name, kind, None, classes)
    }

    fn add(
        &mut self,
        code: &str,
        name: &str,
        kind: Kind,
        region: Option<&str>,
        classes: &[AssetClass],
    ) -> u32 {
        let index = u32::try_from(self.institutions.len()).expect("fewer than 2^32 institutions");
        let previous = self.by_code.insert(code.to_owned(), index);
        assert!(previous.is_none(), "institution code {code} twice");
        self.institutions.push(Inst {
            info: Institution {
                code: code.to_owned(),
                name: name.to_owned(),
                kind: kind.code().to_owned(),
                channel: if region.is_some() { "local" } else { "national" }.to_owned(),
                region: region.map(str::to_owned),
                classes: classes.iter().map(|c| c.code().to_owned()).collect(),
                // Published by `Sandbox::institutions`, after the configuration's overrides.
                daily_quota: None,
                batches_per_second: None,
            },
            kind,
            classes: classes.iter().fold(0, |bits, c| bits | class_bit(*c)),
        });
        index
    }
}
