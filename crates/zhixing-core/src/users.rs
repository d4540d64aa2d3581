//! Users and roles (C1): who may act, for which court.
//!
//! A user is bound to one court and acts within that court and the courts below it (court scoping).
//! Every change to a user is an event on the stream `user-<id>`; the payloads here are the wire
//! format of those events (versioned by the event's schema version).

use crate::courts::CourtTree;
use serde::{Deserialize, Serialize};

/// What a user may do. A user holds one or more roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 执行法官 / 法官助理 / 书记员: works cases.
    Officer,
    /// 执行指挥中心: intake, triage, centralized inquiry, supervision.
    CommandCenter,
    /// 院领导: reads indicators for the court and the courts below.
    Leader,
    /// 系统管理员: manages users of the court and the courts below.
    Admin,
    /// 联动单位 (airline, railway, bank, registry): the screening API only.
    LinkageUnit,
    /// 协助查控机构 (bank, registry): the inquiry protocol only.
    Agency,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Officer, Role::CommandCenter, Role::Leader, Role::Admin, Role::LinkageUnit, Role::Agency];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::CommandCenter => "command_center",
            Role::Leader => "leader",
            Role::Admin => "admin",
            Role::LinkageUnit => "linkage_unit",
            Role::Agency => "agency",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Officer => "执行人员",
            Role::CommandCenter => "指挥中心",
            Role::Leader => "院领导",
            Role::Admin => "管理员",
            Role::LinkageUnit => "联动单位",
            Role::Agency => "协助查控机构",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Event type names of the user stream.
pub mod event_type {
    pub const USER_CREATED: &str = "UserCreated";
    pub const USER_ROLES_CHANGED: &str = "UserRolesChanged";
    pub const USER_PASSWORD_CHANGED: &str = "UserPasswordChanged";
    pub const USER_DISABLED: &str = "UserDisabled";
    pub const API_TOKEN_ISSUED: &str = "ApiTokenIssued";
    pub const API_TOKEN_REVOKED: &str = "ApiTokenRevoked";
}

/// The stream of a user.
/// The prefix of every user's stream.
pub const USER_STREAM_PREFIX: &str = "user-";

pub fn user_stream(user_id: &str) -> String {
    format!("{USER_STREAM_PREFIX}{user_id}")
}

/// `UserCreated` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCreated {
    pub user_id: String,
    pub login: String,
    pub name: String,
    pub court: String,
    pub roles: Vec<Role>,
    /// argon2id PHC string; the password itself is never stored.
    pub password_hash: String,
}

/// `UserRolesChanged` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRolesChanged {
    pub user_id: String,
    pub roles: Vec<Role>,
}

/// `UserPasswordChanged` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserPasswordChanged {
    pub user_id: String,
    pub password_hash: String,
}

/// `UserDisabled` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserDisabled {
    pub user_id: String,
}

/// `ApiTokenIssued` v1. Only the SHA-256 of the secret is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiTokenIssued {
    pub user_id: String,
    pub token_id: String,
    pub token_hash: String,
    pub label: String,
    /// Microseconds since the Unix epoch, UTC.
    pub expires_at_us: Option<i64>,
}

/// `ApiTokenRevoked` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiTokenRevoked {
    pub user_id: String,
    pub token_id: String,
}

/// Why an actor may not do something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("the role {} is required / 需要{}角色", .0.as_str(), .0.name_zh())]
    MissingRole(Role),
    #[error("court {court} is outside your court and the courts below it / 超出本院及下级法院范围")]
    OutOfScope { court: String },
}

impl Denied {
    pub fn code(&self) -> &'static str {
        match self {
            Denied::MissingRole(_) => "missing_role",
            Denied::OutOfScope { .. } => "out_of_scope",
        }
    }
}

/// Court scoping: a user acts within their court and the courts below it (DESIGN.md C1, C13).
pub fn within_scope(tree: &CourtTree, actor_court: &str, target_court: &str) -> Result<(), Denied> {
    if tree.is_within(target_court, actor_court) {
        Ok(())
    } else {
        Err(Denied::OutOfScope { court: target_court.to_owned() })
    }
}

/// Managing users (create, change roles, disable) needs the admin role and the user's court in scope.
pub fn may_manage_users(
    tree: &CourtTree,
    actor_roles: &[Role],
    actor_court: &str,
    target_court: &str,
) -> Result<(), Denied> {
    if !actor_roles.contains(&Role::Admin) {
        return Err(Denied::MissingRole(Role::Admin));
    }
    within_scope(tree, actor_court, target_court)
}

/// Reading the users of a court: admins and leaders, within scope.
pub fn may_list_users(
    tree: &CourtTree,
    actor_roles: &[Role],
    actor_court: &str,
    target_court: &str,
) -> Result<(), Denied> {
    if !actor_roles.iter().any(|r| matches!(r, Role::Admin | Role::Leader)) {
        return Err(Denied::MissingRole(Role::Admin));
    }
    within_scope(tree, actor_court, target_court)
}

/// Reading cases of a court: officers, the command center and leaders, within scope.
pub fn may_read_cases(
    tree: &CourtTree,
    actor_roles: &[Role],
    actor_court: &str,
    target_court: &str,
) -> Result<(), Denied> {
    if !actor_roles.iter().any(|r| matches!(r, Role::Officer | Role::CommandCenter | Role::Leader)) {
        return Err(Denied::MissingRole(Role::Officer));
    }
    within_scope(tree, actor_court, target_court)
}

/// Filing and reviewing applications (立案): officers and the command center, within scope.
pub fn may_file_cases(
    tree: &CourtTree,
    actor_roles: &[Role],
    actor_court: &str,
    target_court: &str,
) -> Result<(), Denied> {
    if !actor_roles.iter().any(|r| matches!(r, Role::Officer | Role::CommandCenter)) {
        return Err(Denied::MissingRole(Role::Officer));
    }
    within_scope(tree, actor_court, target_court)
}

/// Setting a court's flow limits (本院流程节点期限): admins and the command center, for their court and the
/// courts below it.
pub fn may_configure_court(
    tree: &CourtTree,
    actor_roles: &[Role],
    actor_court: &str,
    target_court: &str,
) -> Result<(), Denied> {
    if !actor_roles.iter().any(|r| matches!(r, Role::Admin | Role::CommandCenter)) {
        return Err(Denied::MissingRole(Role::Admin));
    }
    within_scope(tree, actor_court, target_court)
}

/// Watching a court's command-center screen and quality indicators (C9): the command center and leaders, for
/// their court and the courts below it.
pub fn may_watch_court(
    tree: &CourtTree,
    actor_roles: &[Role],
    actor_court: &str,
    target_court: &str,
) -> Result<(), Denied> {
    if !actor_roles.iter().any(|r| matches!(r, Role::CommandCenter | Role::Leader)) {
        return Err(Denied::MissingRole(Role::CommandCenter));
    }
    within_scope(tree, actor_court, target_court)
}

/// A login name: 3 to 64 characters of lower-case ASCII letters, digits, '.', '_' and '-'.
pub fn valid_login(login: &str) -> bool {
    (3..=crate::limits::LOGIN_CHARS_MAX).contains(&login.len())
        && login
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn court_scoping_matrix() {
        let tree = CourtTree::builtin();
        let admin = [Role::Admin];
        // (actor court, target court, allowed)
        let cases = [
            ("最高法", "浙0106", true),
            ("浙", "浙0106", true),
            ("浙01", "浙0106", true),
            ("浙0106", "浙0106", true),
            ("浙0106", "浙01", false),
            ("浙02", "浙0106", false),
            ("京", "浙0106", false),
            ("浙", "京", false),
            ("浙01", "浙72", false),
            ("浙", "浙72", true),
            ("浙0106", "不存在", false),
        ];
        for (actor, target, allowed) in cases {
            assert_eq!(may_manage_users(tree, &admin, actor, target).is_ok(), allowed, "{actor} → {target}");
        }
    }

    #[test]
    fn roles_matrix() {
        let tree = CourtTree::builtin();
        for role in Role::ALL {
            assert_eq!(
                may_manage_users(tree, &[role], "浙", "浙01").is_ok(),
                role == Role::Admin,
                "{role:?}"
            );
            let reads = matches!(role, Role::Officer | Role::CommandCenter | Role::Leader);
            assert_eq!(may_read_cases(tree, &[role], "浙", "浙01").is_ok(), reads, "{role:?}");
            let watches = matches!(role, Role::CommandCenter | Role::Leader);
            assert_eq!(may_watch_court(tree, &[role], "浙", "浙01").is_ok(), watches, "{role:?}");
            assert!(may_watch_court(tree, &[role], "浙01", "浙").is_err(), "{role:?}: not above its court");
        }
    }

    #[test]
    fn logins() {
        for ok in ["abc", "zhang.san", "admin_0106", "a-b"] {
            assert!(valid_login(ok), "{ok}");
        }
        for bad in ["", "ab", "Zhang", "张三", "a b", &"a".repeat(65)] {
            assert!(!valid_login(bad), "{bad}");
        }
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
