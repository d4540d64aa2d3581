//! The four-level court tree (法院层级): 最高人民法院 → 高级人民法院 → 中级人民法院 → 基层人民法院, each court
//! named by its 法院代字 (the court code of 案号, LAW.md §10).
//!
//! The tree answers the court-scoping rule of the platform: a user acts within their court and the courts
//! below it ([`CourtTree::is_within`]). The built-in tree ([`CourtTree::builtin`]) holds the Supreme
//! People's Court, every high court, and the whole of 浙江 (Zhejiang); other trees are built and validated
//! with [`CourtTree::from_courts`]. The tree is stored depth-first, so a court's descendants are one
//! contiguous slice and lookups never allocate.

mod data;

use std::collections::HashMap;
use std::sync::LazyLock;

/// Level of a court (法院级别), highest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CourtLevel {
    /// 最高人民法院.
    Supreme,
    /// 高级人民法院 (and courts of that level: 军事法院, 兵团分院).
    High,
    /// 中级人民法院 (and courts of that level: 海事法院, 知识产权法院, 金融法院 …).
    Intermediate,
    /// 基层人民法院 (and courts of that level: 互联网法院, 铁路运输法院 …).
    Basic,
}

impl CourtLevel {
    /// The level a court of this level must sit directly under; `None` for the Supreme court.
    pub const fn parent_level(self) -> Option<CourtLevel> {
        match self {
            CourtLevel::Supreme => None,
            CourtLevel::High => Some(CourtLevel::Supreme),
            CourtLevel::Intermediate => Some(CourtLevel::High),
            CourtLevel::Basic => Some(CourtLevel::Intermediate),
        }
    }
}

/// What kind of court it is: an ordinary (地方) court of general jurisdiction, or a special one (专门人民法院
/// and courts of special jurisdiction, 人民法院组织法 第十五条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CourtKind {
    /// 地方各级人民法院 (general jurisdiction over an administrative division).
    Ordinary,
    /// 军事法院.
    Military,
    /// 海事法院.
    Maritime,
    /// 铁路运输法院.
    Railway,
    /// 互联网法院.
    Internet,
    /// 知识产权法院.
    IntellectualProperty,
    /// 金融法院.
    Financial,
    /// Any other court of special jurisdiction (林业, 农垦, 跨行政区划 …).
    Other,
}

/// One court: its 法院代字, its name, where it sits in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Court {
    /// 法院代字, e.g. `浙0106`; unique in a tree.
    pub code: &'static str,
    /// Name as the court is called, e.g. `杭州市西湖区人民法院`.
    pub name: &'static str,
    pub level: CourtLevel,
    pub kind: CourtKind,
    /// Code of the court directly above; `None` only for the root.
    pub parent: Option<&'static str>,
    /// GB/T 2260 code (6 digits) of the division an ordinary court serves; `None` for courts tied to no
    /// single division.
    pub region_code: Option<&'static str>,
}

/// A validated court tree. Build it with [`CourtTree::from_courts`], or use [`CourtTree::builtin`].
#[derive(Debug)]
pub struct CourtTree {
    /// Every court, depth-first (a court before its children, siblings in input order).
    courts: Vec<Court>,
    /// Position in `courts` by code.
    index: HashMap<&'static str, usize>,
    /// Position of each court's parent.
    parents: Vec<Option<usize>>,
    /// Positions of each court's children.
    children: Vec<Vec<usize>>,
    /// For each court, the end (exclusive) of its subtree in `courts`.
    subtree_ends: Vec<usize>,
}

/// Why a list of courts is not a valid tree.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CourtTreeError {
    #[error("duplicate court code {code} / 法院代字重复：{code}")]
    DuplicateCode { code: String },
    #[error("court {code} names parent {parent}, which is not in the tree / 上级法院不存在：{parent}")]
    MissingParent { code: String, parent: String },
    #[error("no root court (a court without parent) / 缺少最高层级法院")]
    NoRoot,
    #[error("two root courts, {first} and {second} / 存在多个最高层级法院：{first}、{second}")]
    MultipleRoots { first: String, second: String },
    #[error("court {code} is not one level below its parent {parent} / 法院层级与上级法院不相符：{code}")]
    LevelMismatch { code: String, parent: String },
    #[error("court {code} has a region code that is not 6 digits / 行政区划代码应为6位数字：{code}")]
    InvalidRegionCode { code: String },
}

impl CourtTreeError {
    /// Stable machine-readable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            CourtTreeError::DuplicateCode { .. } => "court_duplicate_code",
            CourtTreeError::MissingParent { .. } => "court_missing_parent",
            CourtTreeError::NoRoot => "court_no_root",
            CourtTreeError::MultipleRoots { .. } => "court_multiple_roots",
            CourtTreeError::LevelMismatch { .. } => "court_level_mismatch",
            CourtTreeError::InvalidRegionCode { .. } => "court_invalid_region_code",
        }
    }
}

/// Chinese name of a level, as in 人民法院组织法: `最高人民法院`, `高级人民法院`, `中级人民法院`,
/// `基层人民法院`.
pub fn level_name_zh(level: CourtLevel) -> &'static str {
    match level {
        CourtLevel::Supreme => "最高人民法院",
        CourtLevel::High => "高级人民法院",
        CourtLevel::Intermediate => "中级人民法院",
        CourtLevel::Basic => "基层人民法院",
    }
}

/// The digits that follow the high court's glyph in the 法院代字 of an ordinary (地方) court serving the
/// division `region_code`, per 最高人民法院关于人民法院案件案号的若干规定 第五条 (LAW.md §10): none for a
/// high court, GB/T 2260 digits 3–4 for an intermediate court, digits 3–6 for a basic court. `None` for
/// the Supreme court (its code is 最高法) and when `region_code` is not 6 ASCII digits. Courts of
/// municipalities numbered 01, 02, … and special courts do not follow it.
pub fn code_digits_for_region(level: CourtLevel, region_code: &str) -> Option<&str> {
    if !is_region_code(region_code) {
        return None;
    }
    match level {
        CourtLevel::Supreme => None,
        CourtLevel::High => Some(""),
        CourtLevel::Intermediate => region_code.get(2..4),
        CourtLevel::Basic => region_code.get(2..6),
    }
}

/// Iterator over courts given by their positions in a tree (children of a court).
#[derive(Clone, Debug)]
pub struct Courts<'a> {
    tree: &'a CourtTree,
    positions: std::slice::Iter<'a, usize>,
}

impl<'a> Iterator for Courts<'a> {
    type Item = &'a Court;

    fn next(&mut self) -> Option<&'a Court> {
        self.positions.next().map(|&i| &self.tree.courts[i])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.positions.size_hint()
    }
}

impl ExactSizeIterator for Courts<'_> {}

/// Iterator up the tree from a court: its parent first, the root last.
#[derive(Clone, Debug)]
pub struct Ancestors<'a> {
    tree: &'a CourtTree,
    next: Option<usize>,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = &'a Court;

    fn next(&mut self) -> Option<&'a Court> {
        let i = self.next?;
        self.next = self.tree.parents[i];
        Some(&self.tree.courts[i])
    }
}

static BUILTIN: LazyLock<CourtTree> = LazyLock::new(|| {
    // The data is static and tested (`builtin_tree_validates`); failing here is a programmer error.
    CourtTree::from_courts(data::builtin_courts()).expect("built-in court data forms a valid tree")
});

impl CourtTree {
    /// The built-in tree: 最高人民法院, every high court (31 provinces, 军, 兵), and every court of 浙江
    /// (see `data.rs` for sources and the few courts left out). Built once, on first use.
    pub fn builtin() -> &'static CourtTree {
        &BUILTIN
    }

    /// Builds a tree from courts in any order, validating it: codes unique, region codes 6 digits, every
    /// named parent present, exactly one root, and every court exactly one level below its parent (which
    /// also rules out cycles: levels strictly fall along every parent chain, so each chain ends at the
    /// root). Siblings keep their input order.
    pub fn from_courts(courts: Vec<Court>) -> Result<CourtTree, CourtTreeError> {
        let input_index = index_unique(&courts)?;
        let root = find_root(&courts)?;
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); courts.len()];
        for (i, court) in courts.iter().enumerate() {
            if let Some(parent) = court.parent {
                let p = *input_index.get(parent).ok_or_else(|| CourtTreeError::MissingParent {
                    code: court.code.to_owned(),
                    parent: parent.to_owned(),
                })?;
                if court.level.parent_level() != Some(courts[p].level) {
                    return Err(CourtTreeError::LevelMismatch {
                        code: court.code.to_owned(),
                        parent: parent.to_owned(),
                    });
                }
                children[p].push(i);
            }
        }
        Ok(Self::depth_first(courts, root, &children))
    }

    /// The court with this code.
    pub fn get(&self, code: &str) -> Option<&Court> {
        self.position(code).map(|i| &self.courts[i])
    }

    /// The root court (最高人民法院 in the built-in tree).
    pub fn root(&self) -> &Court {
        // `from_courts` guarantees one root, stored first.
        &self.courts[0]
    }

    /// The courts directly below `code`, in input order; empty for an unknown code.
    pub fn children(&self, code: &str) -> Courts<'_> {
        let positions = match self.position(code) {
            Some(i) => self.children[i].iter(),
            None => [].iter(),
        };
        Courts { tree: self, positions }
    }

    /// The courts above `code`: its parent first, up to the root; empty for the root or an unknown code.
    pub fn ancestors(&self, code: &str) -> Ancestors<'_> {
        let next = self.position(code).and_then(|i| self.parents[i]);
        Ancestors { tree: self, next }
    }

    /// Every court below `code`, depth-first, excluding `code` itself; empty for an unknown code.
    pub fn descendants(&self, code: &str) -> &[Court] {
        match self.position(code) {
            Some(i) => &self.courts[i + 1..self.subtree_ends[i]],
            None => &[],
        }
    }

    /// True when `code` is `scope` itself or below it — the court-scoping rule: a user acts within their
    /// court and the courts below it. False when either code is unknown.
    pub fn is_within(&self, code: &str, scope: &str) -> bool {
        match (self.position(code), self.position(scope)) {
            (Some(c), Some(s)) => s <= c && c < self.subtree_ends[s],
            _ => false,
        }
    }

    /// Every court in tree order: depth-first, a court before its children, siblings in input order.
    pub fn iter(&self) -> std::slice::Iter<'_, Court> {
        self.courts.iter()
    }

    /// Number of courts.
    pub fn len(&self) -> usize {
        self.courts.len()
    }

    /// False for every tree `from_courts` builds: a valid tree has its root.
    pub fn is_empty(&self) -> bool {
        self.courts.is_empty()
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Lays the validated courts out depth-first from `root`, re-indexing parents and children.
    fn depth_first(courts: Vec<Court>, root: usize, children: &[Vec<usize>]) -> CourtTree {
        let mut order = Vec::with_capacity(courts.len());
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(children[i].iter().rev());
        }
        debug_assert_eq!(order.len(), courts.len(), "every court reaches the root");
        let mut new_position = vec![0; courts.len()];
        for (new, &old) in order.iter().enumerate() {
            new_position[old] = new;
        }
        let mut tree = CourtTree {
            courts: order.iter().map(|&old| courts[old]).collect(),
            index: HashMap::with_capacity(courts.len()),
            parents: vec![None; courts.len()],
            children: vec![Vec::new(); courts.len()],
            subtree_ends: vec![0; courts.len()],
        };
        for (new, &old) in order.iter().enumerate() {
            tree.index.insert(courts[old].code, new);
            tree.children[new] = children[old].iter().map(|&c| new_position[c]).collect();
            for &child in &tree.children[new] {
                tree.parents[child] = Some(new);
            }
        }
        // A subtree ends where its last child's subtree ends; children come later, so go backwards.
        for i in (0..tree.courts.len()).rev() {
            tree.subtree_ends[i] = tree.children[i].last().map_or(i + 1, |&c| tree.subtree_ends[c]);
        }
        tree
    }
}

impl<'a> IntoIterator for &'a CourtTree {
    type Item = &'a Court;
    type IntoIter = std::slice::Iter<'a, Court>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Positions by code; rejects duplicate codes and malformed region codes.
fn index_unique(courts: &[Court]) -> Result<HashMap<&'static str, usize>, CourtTreeError> {
    let mut index = HashMap::with_capacity(courts.len());
    for (i, court) in courts.iter().enumerate() {
        if court.region_code.is_some_and(|r| !is_region_code(r)) {
            return Err(CourtTreeError::InvalidRegionCode { code: court.code.to_owned() });
        }
        if index.insert(court.code, i).is_some() {
            return Err(CourtTreeError::DuplicateCode { code: court.code.to_owned() });
        }
    }
    Ok(index)
}

/// Position of the one court without a parent.
fn find_root(courts: &[Court]) -> Result<usize, CourtTreeError> {
    let mut roots = courts.iter().enumerate().filter(|(_, c)| c.parent.is_none());
    let (root, first) = roots.next().ok_or(CourtTreeError::NoRoot)?;
    match roots.next() {
        Some((_, second)) => Err(CourtTreeError::MultipleRoots {
            first: first.code.to_owned(),
            second: second.code.to_owned(),
        }),
        None => Ok(root),
    }
}

fn is_region_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Basic courts of 浙江 in the built-in tree: 90 ordinary courts, one per county-level division of
    /// GB/T 2260 (13+10+12+7+5+6+9+6+4+9+9), plus 杭州互联网法院 and 杭州铁路运输法院.
    const ZHEJIANG_BASIC_ORDINARY: usize = 90;
    const ZHEJIANG_BASIC_SPECIAL: usize = 2;
    /// 最高法 + 31 high courts + 军 + 兵 + 浙 (11 中院 + 宁波海事法院 + 92 basic courts).
    const BUILTIN_COURTS: usize = 1 + 31 + 2 + 12 + ZHEJIANG_BASIC_ORDINARY + ZHEJIANG_BASIC_SPECIAL;

    fn tree() -> &'static CourtTree {
        CourtTree::builtin()
    }

    fn codes<'a>(courts: impl IntoIterator<Item = &'a Court>) -> Vec<&'static str> {
        courts.into_iter().map(|c| c.code).collect()
    }

    fn court(code: &'static str, level: CourtLevel, parent: Option<&'static str>) -> Court {
        Court { code, name: code, level, kind: CourtKind::Ordinary, parent, region_code: None }
    }

    fn zhejiang_basic() -> Vec<&'static Court> {
        tree().descendants("浙").iter().filter(|c| c.level == CourtLevel::Basic).collect()
    }

    #[test]
    fn builtin_tree_validates() {
        assert!(CourtTree::from_courts(data::builtin_courts()).is_ok());
        assert_eq!(tree().len(), BUILTIN_COURTS);
        assert!(!tree().is_empty());
    }

    #[test]
    fn root_is_the_supreme_court() {
        let root = tree().root();
        assert_eq!((root.code, root.name, root.level), ("最高法", "最高人民法院", CourtLevel::Supreme));
        assert_eq!(root.parent, None);
        assert_eq!(tree().iter().next(), Some(root));
    }

    #[test]
    fn high_courts_under_the_root() {
        let high: Vec<_> = tree().children("最高法").collect();
        assert_eq!(high.len(), 33);
        assert!(high.iter().all(|c| c.level == CourtLevel::High));
        let glyphs: String = high.iter().map(|c| c.code).collect();
        assert_eq!(glyphs, "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵");
        for c in high.iter().filter(|c| c.region_code.is_some()) {
            let region = c.region_code.unwrap_or_default();
            assert!(region.ends_with("0000"), "{} {region}", c.code);
        }
        assert_eq!(tree().get("浙").map(|c| c.region_code), Some(Some("330000")));
        assert_eq!(tree().get("军").map(|c| c.kind), Some(CourtKind::Military));
    }

    #[test]
    fn zhejiang_intermediate_courts() {
        let children: Vec<_> = tree().children("浙").collect();
        let ordinary: Vec<_> = children.iter().filter(|c| c.kind == CourtKind::Ordinary).collect();
        assert_eq!(ordinary.len(), 11);
        assert!(children.iter().all(|c| c.level == CourtLevel::Intermediate));
        assert_eq!(children.first().map(|c| c.code), Some("浙01"));
        assert_eq!(tree().get("浙11").map(|c| c.name), Some("丽水市中级人民法院"));
        let special = children.iter().filter(|c| c.kind != CourtKind::Ordinary).map(|c| c.code);
        assert_eq!(special.collect::<Vec<_>>(), ["浙72"]);
        assert_eq!(tree().get("浙72").map(|c| c.kind), Some(CourtKind::Maritime));
    }

    #[test]
    fn zhejiang_basic_court_count() {
        let basic = zhejiang_basic();
        let ordinary = basic.iter().filter(|c| c.kind == CourtKind::Ordinary).count();
        assert_eq!(ordinary, ZHEJIANG_BASIC_ORDINARY);
        assert_eq!(basic.len(), ZHEJIANG_BASIC_ORDINARY + ZHEJIANG_BASIC_SPECIAL);
        assert_eq!(tree().children("浙01").len(), 15);
        assert_eq!(tree().descendants("浙").len(), 12 + basic.len());
    }

    #[test]
    fn zhejiang_basic_courts_sit_under_their_intermediate_court() {
        for c in zhejiang_basic() {
            let parent = c.parent.and_then(|p| tree().get(p)).expect("parent in tree");
            assert_eq!(parent.level, CourtLevel::Intermediate, "{}", c.code);
            assert!(c.code.starts_with("浙"), "{}", c.code);
            if c.kind != CourtKind::Ordinary {
                continue;
            }
            assert!(c.code.starts_with(parent.code), "{} under {}", c.code, parent.code);
            let region = c.region_code.unwrap_or_default();
            let prefix = parent.region_code.and_then(|r| r.get(..4)).expect("中院 region code");
            assert!(region.starts_with(prefix), "{} {region}", c.code);
            assert!(c.name.ends_with("人民法院"), "{}", c.name);
        }
    }

    #[test]
    fn code_digits_for_region_article_5() {
        fn check(level: CourtLevel, region: &str, expected: Option<&str>) {
            assert_eq!(code_digits_for_region(level, region), expected, "{level:?} {region}");
        }
        check(CourtLevel::High, "330000", Some(""));
        check(CourtLevel::Intermediate, "330100", Some("01"));
        check(CourtLevel::Basic, "330106", Some("0106"));
        check(CourtLevel::Basic, "440703", Some("0703"));
        check(CourtLevel::Basic, "440781", Some("0781"));
        check(CourtLevel::Intermediate, "440700", Some("07"));
        check(CourtLevel::Supreme, "330000", None);
        check(CourtLevel::Basic, "33010", None);
        check(CourtLevel::Basic, "3301066", None);
        check(CourtLevel::Basic, "33０106", None);
        check(CourtLevel::Basic, "", None);
    }

    /// Every ordinary court of the built-in tree with a region code follows 案号若干规定 第五条: the
    /// high-court glyph followed by the region digits of its level.
    #[test]
    fn builtin_codes_follow_article_5() {
        let mut checked = 0;
        for c in tree().iter().filter(|c| c.kind == CourtKind::Ordinary) {
            let Some(region) = c.region_code else { continue };
            let high = match c.level {
                CourtLevel::High => Some(c),
                _ => tree().ancestors(c.code).find(|a| a.level == CourtLevel::High),
            };
            let (Some(high), Some(digits)) = (high, code_digits_for_region(c.level, region)) else {
                panic!("{} has no high court or region digits", c.code);
            };
            assert_eq!(c.code, format!("{}{digits}", high.code), "{}", c.name);
            checked += 1;
        }
        assert_eq!(checked, 31 + 11 + ZHEJIANG_BASIC_ORDINARY);
    }

    #[test]
    fn is_within_scope() {
        fn check(code: &str, scope: &str, expected: bool) {
            assert_eq!(tree().is_within(code, scope), expected, "{code} within {scope}");
        }
        check("浙0106", "浙0106", true);
        check("浙0106", "浙01", true);
        check("浙0106", "浙", true);
        check("浙0106", "最高法", true);
        check("浙0106", "浙02", false);
        check("浙0106", "浙0105", false);
        check("浙01", "浙0106", false);
        check("浙", "浙01", false);
        check("京", "浙", false);
        check("浙0192", "浙01", true);
        check("浙8601", "浙01", true);
        check("浙72", "浙", true);
        check("浙72", "浙02", false);
        check("浙1181", "浙11", true);
        check("浙1181", "浙10", false);
        check("最高法", "浙", false);
        check("浙9999", "浙", false);
        check("浙0106", "沪", false);
        check("", "", false);
    }

    /// is_within agrees with the ancestor chain for every pair of built-in courts.
    #[test]
    fn is_within_matches_ancestors() {
        for c in tree() {
            for s in tree() {
                let expected = c.code == s.code || tree().ancestors(c.code).any(|a| a.code == s.code);
                assert_eq!(tree().is_within(c.code, s.code), expected, "{} {}", c.code, s.code);
            }
        }
    }

    #[test]
    fn ancestors_parent_first() {
        assert_eq!(codes(tree().ancestors("浙0106")), ["浙01", "浙", "最高法"]);
        assert_eq!(codes(tree().ancestors("浙72")), ["浙", "最高法"]);
        assert_eq!(codes(tree().ancestors("京")), ["最高法"]);
        assert!(tree().ancestors("最高法").next().is_none());
        assert!(tree().ancestors("nowhere").next().is_none());
    }

    #[test]
    fn descendants_depth_first() {
        let below = tree().descendants("浙01");
        assert_eq!(below.len(), 15);
        assert_eq!(below.first().map(|c| c.code), Some("浙0102"));
        assert_eq!(codes(&below[below.len() - 2..]), ["浙0192", "浙8601"]);
        assert!(tree().descendants("浙0106").is_empty());
        assert!(tree().descendants("nowhere").is_empty());
        assert_eq!(tree().descendants("最高法").len(), BUILTIN_COURTS - 1);
        let zhejiang = tree().descendants("浙");
        assert_eq!(zhejiang.first().map(|c| c.code), Some("浙01"));
        assert_eq!(zhejiang.last().map(|c| c.code), Some("浙72"));
    }

    #[test]
    fn lookups_of_unknown_codes() {
        assert_eq!(tree().get("浙0103"), None, "下城区 merged in 2021");
        assert_eq!(tree().get("浙0104"), None, "江干区 merged in 2021");
        assert_eq!(tree().children("nowhere").len(), 0);
        assert_eq!(tree().get("浙0113").map(|c| c.name), Some("杭州市临平区人民法院"));
        assert_eq!(tree().get("浙0114").map(|c| c.name), Some("杭州市钱塘区人民法院"));
    }

    #[test]
    fn tree_order_puts_parents_first() {
        let mut seen = std::collections::HashSet::new();
        for c in tree() {
            assert!(c.parent.is_none_or(|p| seen.contains(p)), "{} before its parent", c.code);
            seen.insert(c.code);
        }
        assert_eq!(seen.len(), tree().len());
    }

    #[test]
    fn level_names() {
        fn check(level: CourtLevel, expected: &str) {
            assert_eq!(level_name_zh(level), expected);
        }
        check(CourtLevel::Supreme, "最高人民法院");
        check(CourtLevel::High, "高级人民法院");
        check(CourtLevel::Intermediate, "中级人民法院");
        check(CourtLevel::Basic, "基层人民法院");
    }

    #[test]
    fn from_courts_rejects_invalid_trees() {
        use CourtLevel::{Basic, High, Intermediate, Supreme};
        fn check(courts: Vec<Court>, expected: &str) {
            let error = CourtTree::from_courts(courts).map(|t| t.len()).expect_err(expected);
            assert_eq!(error.code(), expected, "{error}");
            assert!(error.to_string().contains(" / "), "{error}");
        }
        let root = court("最高法", Supreme, None);
        let high = court("浙", High, Some("最高法"));
        check(vec![root, high, court("浙", High, Some("最高法"))], "court_duplicate_code");
        check(vec![root, court("浙01", Intermediate, Some("浙"))], "court_missing_parent");
        check(vec![root, court("京", High, None)], "court_multiple_roots");
        check(vec![], "court_no_root");
        check(
            vec![court("浙", High, Some("浙01")), court("浙01", Intermediate, Some("浙"))],
            "court_no_root",
        );
        check(vec![root, high, court("浙0106", Basic, Some("最高法"))], "court_level_mismatch");
        check(vec![root, high, court("浙0106", Basic, Some("浙"))], "court_level_mismatch");
        check(vec![root, court("京", Intermediate, Some("最高法"))], "court_level_mismatch");
        let bad_region = Court { region_code: Some("33"), ..high };
        check(vec![root, bad_region], "court_invalid_region_code");
    }

    #[test]
    fn from_courts_accepts_any_input_order() {
        use CourtLevel::{Basic, High, Intermediate, Supreme};
        let courts = vec![
            court("浙0106", Basic, Some("浙01")),
            court("浙01", Intermediate, Some("浙")),
            court("最高法", Supreme, None),
            court("浙", High, Some("最高法")),
            court("浙0102", Basic, Some("浙01")),
        ];
        let tree = CourtTree::from_courts(courts).expect("valid");
        assert_eq!(codes(&tree), ["最高法", "浙", "浙01", "浙0106", "浙0102"]);
        assert_eq!(codes(tree.children("浙01")), ["浙0106", "浙0102"]);
        assert!(tree.is_within("浙0102", "浙"));
        assert_eq!(tree.root().code, "最高法");
    }
}
