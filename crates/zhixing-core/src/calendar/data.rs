//! The built-in legal calendar data: every day off (放假) and every make-up working day (调休上班) set by
//! the State Council's annual notices (国务院办公厅关于XXXX年部分节假日安排的通知) for 2015 through 2026.
//!
//! Transcription rules, so that anyone can check a row against its notice:
//! - `off` holds exactly the days the notice declares off: a "X至Y日放假(调休)" span as one range; "X日放假，
//!   Y日补休" as the days it names; "X日放假，与周末连休" as X alone (the adjoining weekend is an ordinary
//!   weekend and stays `Weekend`). Either way every such day is a non-working day.
//! - `make_up` holds the weekend days the notice says are worked (上班).
//! - Festival names are the notice's own heading, so a combined break reads "中秋节、国庆节" or "国庆节、中秋节".
//! - A 元旦 break that starts in the old year (the 2019 and 2023 notices) is listed under the notice that set
//!   it, with its December dates.
//! - Where a later document changed an arrangement (2019 劳动节, 2020 春节) the entry is the arrangement as
//!   changed, and `source` names the changing document.
//!
//! Verification (all years): the notice texts as published (gov.cn, reprinted by Xinhua, People's Daily,
//! 维基文库 and provincial portals), cross-checked day by day against two open datasets built from gov.cn
//! (NateScarlet/holiday-cn, LKI/chinese-calendar) and against a third dataset's per-year counts of days off and
//! weekend days worked, which agree with the counts asserted in the tests. Document numbers were read on a
//! reprint of each notice showing its 文号, except where a comment says otherwise.
//!
//! When the State Council publishes the notice for 2027 (usually in October or November), add it here: a 元旦
//! break that starts in late December 2026 would change days of 2026 as well.

use super::{Arrangement, YearNotice};

const YUANDAN: &str = "元旦";
const CHUNJIE: &str = "春节";
const QINGMING: &str = "清明节";
const LAODONG: &str = "劳动节";
const DUANWU: &str = "端午节";
const ZHONGQIU: &str = "中秋节";
const GUOQING: &str = "国庆节";
const ZHONGQIU_GUOQING: &str = "中秋节、国庆节";
const GUOQING_ZHONGQIU: &str = "国庆节、中秋节";
const VICTORY_70: &str = "抗战胜利70周年纪念日";

/// The notices, one per year, in order of year.
pub const OFFICIAL_NOTICES: &[YearNotice] = &[
    NOTICE_2015,
    NOTICE_2016,
    NOTICE_2017,
    NOTICE_2018,
    NOTICE_2019,
    NOTICE_2020,
    NOTICE_2021,
    NOTICE_2022,
    NOTICE_2023,
    NOTICE_2024,
    NOTICE_2025,
    NOTICE_2026,
];

/// 国办发明电〔2014〕28号, 2014-12-16. The 70th anniversary of the victory in the War of Resistance (抗战胜利70周年)
/// was a separate State Council notice, 国发明电〔2015〕1号 of 2015-05-13: 3 September off, 4 September 调休,
/// 5 September a Saturday, Sunday 6 September worked.
const NOTICE_2015: YearNotice = YearNotice {
    year: 2015,
    document: "国办发明电〔2014〕28号",
    arrangements: &[
        Arrangement {
            festival: YUANDAN,
            off: &[((2015, 1, 1), (2015, 1, 3))],
            make_up: &[(2015, 1, 4)],
            source: None,
        },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2015, 2, 18), (2015, 2, 24))],
            make_up: &[(2015, 2, 15), (2015, 2, 28)],
            source: None,
        },
        // "4月5日放假，4月6日（星期一）补休"
        Arrangement { festival: QINGMING, off: &[((2015, 4, 5), (2015, 4, 6))], make_up: &[], source: None },
        Arrangement { festival: LAODONG, off: &[((2015, 5, 1), (2015, 5, 1))], make_up: &[], source: None },
        // "6月20日放假，6月22日（星期一）补休": Sunday 21 June between them is an ordinary weekend day.
        Arrangement {
            festival: DUANWU,
            off: &[((2015, 6, 20), (2015, 6, 20)), ((2015, 6, 22), (2015, 6, 22))],
            make_up: &[],
            source: None,
        },
        Arrangement {
            festival: VICTORY_70,
            off: &[((2015, 9, 3), (2015, 9, 5))],
            make_up: &[(2015, 9, 6)],
            source: Some("国发明电〔2015〕1号"),
        },
        // "9月27日放假": a Sunday, with no 补休.
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2015, 9, 27), (2015, 9, 27))],
            make_up: &[],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2015, 10, 1), (2015, 10, 7))],
            make_up: &[(2015, 10, 10)],
            source: None,
        },
    ],
};

/// 国办发明电〔2015〕18号, 2015-12-10.
const NOTICE_2016: YearNotice = YearNotice {
    year: 2016,
    document: "国办发明电〔2015〕18号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2016, 1, 1), (2016, 1, 1))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2016, 2, 7), (2016, 2, 13))],
            make_up: &[(2016, 2, 6), (2016, 2, 14)],
            source: None,
        },
        Arrangement { festival: QINGMING, off: &[((2016, 4, 4), (2016, 4, 4))], make_up: &[], source: None },
        // "5月1日放假，5月2日（星期一）补休"
        Arrangement { festival: LAODONG, off: &[((2016, 5, 1), (2016, 5, 2))], make_up: &[], source: None },
        Arrangement {
            festival: DUANWU,
            off: &[((2016, 6, 9), (2016, 6, 11))],
            make_up: &[(2016, 6, 12)],
            source: None,
        },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2016, 9, 15), (2016, 9, 17))],
            make_up: &[(2016, 9, 18)],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2016, 10, 1), (2016, 10, 7))],
            make_up: &[(2016, 10, 8), (2016, 10, 9)],
            source: None,
        },
    ],
};

/// 国办发明电〔2016〕17号, 2016-12-01.
const NOTICE_2017: YearNotice = YearNotice {
    year: 2017,
    document: "国办发明电〔2016〕17号",
    arrangements: &[
        // "1月1日放假，1月2日（星期一）补休"
        Arrangement { festival: YUANDAN, off: &[((2017, 1, 1), (2017, 1, 2))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2017, 1, 27), (2017, 2, 2))],
            make_up: &[(2017, 1, 22), (2017, 2, 4)],
            source: None,
        },
        Arrangement {
            festival: QINGMING,
            off: &[((2017, 4, 2), (2017, 4, 4))],
            make_up: &[(2017, 4, 1)],
            source: None,
        },
        Arrangement { festival: LAODONG, off: &[((2017, 5, 1), (2017, 5, 1))], make_up: &[], source: None },
        Arrangement {
            festival: DUANWU,
            off: &[((2017, 5, 28), (2017, 5, 30))],
            make_up: &[(2017, 5, 27)],
            source: None,
        },
        Arrangement {
            festival: ZHONGQIU_GUOQING,
            off: &[((2017, 10, 1), (2017, 10, 8))],
            make_up: &[(2017, 9, 30)],
            source: None,
        },
    ],
};

/// 国办发明电〔2017〕12号, 2017-11-30. The last days of 2018 (29–31 December) were set by the 2019 notice.
const NOTICE_2018: YearNotice = YearNotice {
    year: 2018,
    document: "国办发明电〔2017〕12号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2018, 1, 1), (2018, 1, 1))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2018, 2, 15), (2018, 2, 21))],
            make_up: &[(2018, 2, 11), (2018, 2, 24)],
            source: None,
        },
        Arrangement {
            festival: QINGMING,
            off: &[((2018, 4, 5), (2018, 4, 7))],
            make_up: &[(2018, 4, 8)],
            source: None,
        },
        Arrangement {
            festival: LAODONG,
            off: &[((2018, 4, 29), (2018, 5, 1))],
            make_up: &[(2018, 4, 28)],
            source: None,
        },
        Arrangement { festival: DUANWU, off: &[((2018, 6, 18), (2018, 6, 18))], make_up: &[], source: None },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2018, 9, 24), (2018, 9, 24))],
            make_up: &[],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2018, 10, 1), (2018, 10, 7))],
            make_up: &[(2018, 9, 29), (2018, 9, 30)],
            source: None,
        },
    ],
};

/// 国办发明电〔2018〕15号, 2018-12-04 (published 2018-12-06). 劳动节 was changed by 国办发明电〔2019〕3号 of
/// 2019-03-22 from "5月1日放假" to 1–4 May off with Sundays 28 April and 5 May worked.
const NOTICE_2019: YearNotice = YearNotice {
    year: 2019,
    document: "国办发明电〔2018〕15号",
    arrangements: &[
        // "2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。"
        Arrangement {
            festival: YUANDAN,
            off: &[((2018, 12, 30), (2019, 1, 1))],
            make_up: &[(2018, 12, 29)],
            source: None,
        },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2019, 2, 4), (2019, 2, 10))],
            make_up: &[(2019, 2, 2), (2019, 2, 3)],
            source: None,
        },
        Arrangement { festival: QINGMING, off: &[((2019, 4, 5), (2019, 4, 5))], make_up: &[], source: None },
        Arrangement {
            festival: LAODONG,
            off: &[((2019, 5, 1), (2019, 5, 4))],
            make_up: &[(2019, 4, 28), (2019, 5, 5)],
            source: Some("国办发明电〔2019〕3号"),
        },
        Arrangement { festival: DUANWU, off: &[((2019, 6, 7), (2019, 6, 7))], make_up: &[], source: None },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2019, 9, 13), (2019, 9, 13))],
            make_up: &[],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2019, 10, 1), (2019, 10, 7))],
            make_up: &[(2019, 9, 29), (2019, 10, 12)],
            source: None,
        },
    ],
};

/// 国办发明电〔2019〕16号, 2019-11-21. 春节 was extended by 国办发明电〔2020〕1号 of 2020-01-26 (COVID-19) to
/// 2 February, work resuming Monday 3 February: the original 1月24日至30日 with Sunday 19 January and Saturday
/// 1 February worked became 24 January to 2 February, and 1 February is no longer worked.
const NOTICE_2020: YearNotice = YearNotice {
    year: 2020,
    document: "国办发明电〔2019〕16号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2020, 1, 1), (2020, 1, 1))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2020, 1, 24), (2020, 2, 2))],
            make_up: &[(2020, 1, 19)],
            source: Some("国办发明电〔2020〕1号"),
        },
        Arrangement { festival: QINGMING, off: &[((2020, 4, 4), (2020, 4, 6))], make_up: &[], source: None },
        Arrangement {
            festival: LAODONG,
            off: &[((2020, 5, 1), (2020, 5, 5))],
            make_up: &[(2020, 4, 26), (2020, 5, 9)],
            source: None,
        },
        Arrangement {
            festival: DUANWU,
            off: &[((2020, 6, 25), (2020, 6, 27))],
            make_up: &[(2020, 6, 28)],
            source: None,
        },
        Arrangement {
            festival: GUOQING_ZHONGQIU,
            off: &[((2020, 10, 1), (2020, 10, 8))],
            make_up: &[(2020, 9, 27), (2020, 10, 10)],
            source: None,
        },
    ],
};

/// 国办发明电〔2020〕27号, 2020-11-25.
const NOTICE_2021: YearNotice = YearNotice {
    year: 2021,
    document: "国办发明电〔2020〕27号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2021, 1, 1), (2021, 1, 3))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2021, 2, 11), (2021, 2, 17))],
            make_up: &[(2021, 2, 7), (2021, 2, 20)],
            source: None,
        },
        Arrangement { festival: QINGMING, off: &[((2021, 4, 3), (2021, 4, 5))], make_up: &[], source: None },
        Arrangement {
            festival: LAODONG,
            off: &[((2021, 5, 1), (2021, 5, 5))],
            make_up: &[(2021, 4, 25), (2021, 5, 8)],
            source: None,
        },
        Arrangement { festival: DUANWU, off: &[((2021, 6, 12), (2021, 6, 14))], make_up: &[], source: None },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2021, 9, 19), (2021, 9, 21))],
            make_up: &[(2021, 9, 18)],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2021, 10, 1), (2021, 10, 7))],
            make_up: &[(2021, 9, 26), (2021, 10, 9)],
            source: None,
        },
    ],
};

/// 国办发明电〔2021〕11号, 2021-10-25.
const NOTICE_2022: YearNotice = YearNotice {
    year: 2022,
    document: "国办发明电〔2021〕11号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2022, 1, 1), (2022, 1, 3))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2022, 1, 31), (2022, 2, 6))],
            make_up: &[(2022, 1, 29), (2022, 1, 30)],
            source: None,
        },
        Arrangement {
            festival: QINGMING,
            off: &[((2022, 4, 3), (2022, 4, 5))],
            make_up: &[(2022, 4, 2)],
            source: None,
        },
        Arrangement {
            festival: LAODONG,
            off: &[((2022, 4, 30), (2022, 5, 4))],
            make_up: &[(2022, 4, 24), (2022, 5, 7)],
            source: None,
        },
        Arrangement { festival: DUANWU, off: &[((2022, 6, 3), (2022, 6, 5))], make_up: &[], source: None },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2022, 9, 10), (2022, 9, 12))],
            make_up: &[],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2022, 10, 1), (2022, 10, 7))],
            make_up: &[(2022, 10, 8), (2022, 10, 9)],
            source: None,
        },
    ],
};

/// 国办发明电〔2022〕16号, 2022-12-08.
const NOTICE_2023: YearNotice = YearNotice {
    year: 2023,
    document: "国办发明电〔2022〕16号",
    arrangements: &[
        // "2022年12月31日至2023年1月2日放假调休，共3天。"
        Arrangement { festival: YUANDAN, off: &[((2022, 12, 31), (2023, 1, 2))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2023, 1, 21), (2023, 1, 27))],
            make_up: &[(2023, 1, 28), (2023, 1, 29)],
            source: None,
        },
        Arrangement { festival: QINGMING, off: &[((2023, 4, 5), (2023, 4, 5))], make_up: &[], source: None },
        Arrangement {
            festival: LAODONG,
            off: &[((2023, 4, 29), (2023, 5, 3))],
            make_up: &[(2023, 4, 23), (2023, 5, 6)],
            source: None,
        },
        Arrangement {
            festival: DUANWU,
            off: &[((2023, 6, 22), (2023, 6, 24))],
            make_up: &[(2023, 6, 25)],
            source: None,
        },
        Arrangement {
            festival: ZHONGQIU_GUOQING,
            off: &[((2023, 9, 29), (2023, 10, 6))],
            make_up: &[(2023, 10, 7), (2023, 10, 8)],
            source: None,
        },
    ],
};

/// 国办发明电〔2023〕7号, 2023-10-25. (除夕 9 February was only "encouraged" as a day off, not declared one.)
const NOTICE_2024: YearNotice = YearNotice {
    year: 2024,
    document: "国办发明电〔2023〕7号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2024, 1, 1), (2024, 1, 1))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2024, 2, 10), (2024, 2, 17))],
            make_up: &[(2024, 2, 4), (2024, 2, 18)],
            source: None,
        },
        Arrangement {
            festival: QINGMING,
            off: &[((2024, 4, 4), (2024, 4, 6))],
            make_up: &[(2024, 4, 7)],
            source: None,
        },
        Arrangement {
            festival: LAODONG,
            off: &[((2024, 5, 1), (2024, 5, 5))],
            make_up: &[(2024, 4, 28), (2024, 5, 11)],
            source: None,
        },
        Arrangement { festival: DUANWU, off: &[((2024, 6, 10), (2024, 6, 10))], make_up: &[], source: None },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2024, 9, 15), (2024, 9, 17))],
            make_up: &[(2024, 9, 14)],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2024, 10, 1), (2024, 10, 7))],
            make_up: &[(2024, 9, 29), (2024, 10, 12)],
            source: None,
        },
    ],
};

/// 国办发明电〔2024〕12号, 2024-11-12. The first year under the 全国年节及纪念日放假办法 as revised in
/// November 2024: 春节 (from 除夕) and 劳动节 each gain one statutory day.
const NOTICE_2025: YearNotice = YearNotice {
    year: 2025,
    document: "国办发明电〔2024〕12号",
    arrangements: &[
        Arrangement { festival: YUANDAN, off: &[((2025, 1, 1), (2025, 1, 1))], make_up: &[], source: None },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2025, 1, 28), (2025, 2, 4))],
            make_up: &[(2025, 1, 26), (2025, 2, 8)],
            source: None,
        },
        Arrangement { festival: QINGMING, off: &[((2025, 4, 4), (2025, 4, 6))], make_up: &[], source: None },
        Arrangement {
            festival: LAODONG,
            off: &[((2025, 5, 1), (2025, 5, 5))],
            make_up: &[(2025, 4, 27)],
            source: None,
        },
        Arrangement { festival: DUANWU, off: &[((2025, 5, 31), (2025, 6, 2))], make_up: &[], source: None },
        Arrangement {
            festival: GUOQING_ZHONGQIU,
            off: &[((2025, 10, 1), (2025, 10, 8))],
            make_up: &[(2025, 9, 28), (2025, 10, 11)],
            source: None,
        },
    ],
};

/// 国办发明电〔2025〕7号, 2025-11-04. The dates are the notice's text as released by Xinhua; the document
/// number is as cited by several independent datasets that link the gov.cn page (the press release does not
/// print it).
const NOTICE_2026: YearNotice = YearNotice {
    year: 2026,
    document: "国办发明电〔2025〕7号",
    arrangements: &[
        Arrangement {
            festival: YUANDAN,
            off: &[((2026, 1, 1), (2026, 1, 3))],
            make_up: &[(2026, 1, 4)],
            source: None,
        },
        Arrangement {
            festival: CHUNJIE,
            off: &[((2026, 2, 15), (2026, 2, 23))],
            make_up: &[(2026, 2, 14), (2026, 2, 28)],
            source: None,
        },
        Arrangement { festival: QINGMING, off: &[((2026, 4, 4), (2026, 4, 6))], make_up: &[], source: None },
        Arrangement {
            festival: LAODONG,
            off: &[((2026, 5, 1), (2026, 5, 5))],
            make_up: &[(2026, 5, 9)],
            source: None,
        },
        Arrangement { festival: DUANWU, off: &[((2026, 6, 19), (2026, 6, 21))], make_up: &[], source: None },
        Arrangement {
            festival: ZHONGQIU,
            off: &[((2026, 9, 25), (2026, 9, 27))],
            make_up: &[],
            source: None,
        },
        Arrangement {
            festival: GUOQING,
            off: &[((2026, 10, 1), (2026, 10, 7))],
            make_up: &[(2026, 9, 20), (2026, 10, 10)],
            source: None,
        },
    ],
};
