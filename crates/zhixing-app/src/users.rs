//! Users, sign-in and API tokens (C1).

use crate::{App, AppError, FieldError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::limits;
use zhixing_core::users::{self as domain, Role, event_type as et};
use zhixing_store::{AppendBatch, StoreError, TokenOwner, UserRow};

/// Longest API token lifetime.
const TOKEN_DAYS_MAX: i64 = 366;

/// Longest token label.
const TOKEN_LABEL_CHARS_MAX: usize = 100;

/// Who is acting: a signed-in user, or the platform itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub login: String,
    pub name: String,
    pub court: String,
    pub roles: Vec<Role>,
}

impl Actor {
    /// The platform acting on its own behalf (demo setup, seeding, imports), with every role at the root court.
    pub fn system(component: &str) -> Actor {
        Actor {
            user_id: format!("system:{component}"),
            login: format!("system:{component}"),
            name: "系统".into(),
            court: zhixing_core::ids::case_number::SUPREME_COURT_CODE.into(),
            roles: Role::ALL.to_vec(),
        }
    }

    /// How the actor is written on events.
    pub fn reference(&self) -> String {
        if self.user_id.starts_with("system:") {
            self.user_id.clone()
        } else {
            format!("user-{}", self.user_id)
        }
    }

    fn from_account(account: &UserRow) -> Actor {
        Actor {
            user_id: account.user_id.clone(),
            login: account.login.clone(),
            name: account.name.clone(),
            court: account.court.clone(),
            roles: account.roles.clone(),
        }
    }
}

/// A request to create a user.
#[derive(Debug, Clone)]
pub struct CreateUser {
    pub login: String,
    pub name: String,
    pub court: String,
    pub roles: Vec<Role>,
    pub password: String,
}

/// A freshly issued API token. The secret is shown once; only its hash is kept.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token_id: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl App {
    /// Creates a user bound to a court. Needs the admin role with that court in scope.
    pub async fn create_user(&self, actor: &Actor, cmd: CreateUser) -> Result<UserRow, AppError> {
        self.check_new_user(&cmd)?;
        domain::may_manage_users(self.courts, &actor.roles, &actor.court, &cmd.court)?;
        let password_hash = hash_password(cmd.password).await?;
        let user_id = uuid::Uuid::new_v7(uuid_timestamp(self.clock().now())).to_string();
        let mut roles = cmd.roles;
        roles.sort();
        roles.dedup();
        let created = domain::UserCreated {
            user_id: user_id.clone(),
            login: cmd.login.clone(),
            name: cmd.name,
            court: cmd.court.clone(),
            roles,
            password_hash,
        };
        let batch = AppendBatch::new(&actor.reference(), &cmd.court).stream(
            &domain::user_stream(&user_id),
            ExpectedVersion::NoStream,
            vec![NewEvent::new(et::USER_CREATED, 1, &created)],
        );
        match self.store.append(&batch).await {
            Err(StoreError::UniqueViolation { what }) if what == "users.login" => {
                return Err(AppError::invalid("login", "login_taken", "login already exists / 登录名已存在"));
            }
            other => other?,
        };
        self.store.user_by_id(&user_id).await?.ok_or_else(|| AppError::Internal("user not projected".into()))
    }

    /// Signs in with a login and password. The same error whether the login or the password is wrong.
    pub async fn sign_in(&self, login: &str, password: &str) -> Result<Actor, AppError> {
        if login.len() > limits::LOGIN_CHARS_MAX || password.chars().count() > limits::PASSWORD_CHARS_MAX {
            return Err(AppError::Unauthenticated);
        }
        let account = self.store.user_by_login(login).await?;
        // Verify against a fixed hash when the login is unknown, so timing does not reveal which logins exist.
        let hash = account.as_ref().map_or_else(|| DUMMY_HASH.clone(), |a| a.password_hash.clone());
        let ok = verify_password(password.to_owned(), hash).await?;
        match account {
            Some(account) if ok && !account.disabled => Ok(Actor::from_account(&account)),
            _ => Err(AppError::Unauthenticated),
        }
    }

    /// Issues an API token for the actor (a user, not the system).
    pub async fn issue_token(&self, actor: &Actor, label: &str, days: i64) -> Result<IssuedToken, AppError> {
        if label.is_empty()
            || label.chars().count() > TOKEN_LABEL_CHARS_MAX
            || label.chars().any(char::is_control)
        {
            return Err(AppError::invalid(
                "label",
                "invalid_label",
                "label must be 1 to 100 characters / 标签不合法",
            ));
        }
        if !(1..=TOKEN_DAYS_MAX).contains(&days) {
            return Err(AppError::invalid(
                "days",
                "out_of_range",
                "days must be 1 to 366 / 有效期应为1至366天",
            ));
        }
        let account = self.store.user_by_id(&actor.user_id).await?.ok_or(AppError::Unauthenticated)?;
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        let now = self.clock().now();
        let token_id = uuid::Uuid::new_v7(uuid_timestamp(now)).simple().to_string();
        let token = format!("zx_{token_id}_{}", hex::encode(secret));
        let expires_at = now + Duration::days(days);
        let issued = domain::ApiTokenIssued {
            user_id: account.user_id.clone(),
            token_id: token_id.clone(),
            token_hash: token_hash(&token),
            label: label.to_owned(),
            expires_at_us: Some(expires_at.timestamp_micros()),
        };
        let batch = AppendBatch::new(&actor.reference(), &account.court).stream(
            &domain::user_stream(&account.user_id),
            ExpectedVersion::Exact(self.store.stream_version(&domain::user_stream(&account.user_id)).await?),
            vec![NewEvent::new(et::API_TOKEN_ISSUED, 1, &issued)],
        );
        self.store.append(&batch).await?;
        Ok(IssuedToken { token_id, token, expires_at })
    }

    /// The actor behind a bearer token, if the token is live and its user enabled.
    pub async fn authenticate_token(&self, token: &str) -> Result<Actor, AppError> {
        if token.len() > 200 || !token.starts_with("zx_") {
            return Err(AppError::Unauthenticated);
        }
        let owner = self.token_owner(&token_hash(token)).await?.ok_or(AppError::Unauthenticated)?;
        let now_us = self.clock().now().timestamp_micros();
        let expired = owner.expires_at_us.is_some_and(|t| t <= now_us);
        if owner.revoked || expired || owner.account.disabled {
            return Err(AppError::Unauthenticated);
        }
        Ok(Actor::from_account(&owner.account))
    }

    /// Signs out: the token the actor signed in with is revoked (`ApiTokenRevoked` on the user's stream) and
    /// refused from then on, by this process at once and by others once their cache turns over.
    pub async fn revoke_own_token(&self, actor: &Actor, token: &str) -> Result<(), AppError> {
        let token_id = token
            .strip_prefix("zx_")
            .and_then(|rest| rest.split_once('_'))
            .map(|(id, _)| id.to_owned())
            .ok_or(AppError::Unauthenticated)?;
        let stream = domain::user_stream(&actor.user_id);
        let revoked = domain::ApiTokenRevoked { user_id: actor.user_id.clone(), token_id };
        let batch = AppendBatch::new(&actor.reference(), &actor.court).stream(
            &stream,
            ExpectedVersion::Exact(self.store.stream_version(&stream).await?),
            vec![NewEvent::new(et::API_TOKEN_REVOKED, 1, &revoked)],
        );
        self.store.append(&batch).await?;
        Ok(())
    }

    /// A token's owner, from the cache while it is current (see [`TokenCache`]), else from the store.
    async fn token_owner(&self, hash: &str) -> Result<Option<TokenOwner>, AppError> {
        let generation = self.store.accounts_generation();
        if let Some(owner) = self.tokens.get(hash, generation) {
            return Ok(Some(owner));
        }
        let owner = self.store.token_owner(hash).await?;
        if let Some(owner) = &owner {
            self.tokens.put(hash, owner, generation);
        }
        Ok(owner)
    }

    /// Users of a court and the courts below it, for admins and leaders of a court in scope.
    pub async fn list_users(&self, actor: &Actor, court: &str) -> Result<Vec<UserRow>, AppError> {
        domain::may_list_users(self.courts, &actor.roles, &actor.court, court)?;
        let mut courts = vec![court];
        courts.extend(self.courts.descendants(court).iter().map(|c| c.code));
        Ok(self.store.users_in_courts(&courts, limits::PAGE_SIZE_MAX).await?)
    }
}

/// How long a token's owner is answered from memory. Changes made through this process's store are seen at
/// once (the store's accounts count moves); a change made by another process (another instance, the CLI) is
/// seen within this time. Our choice: a linkage unit's screening system checks at thousands of requests a
/// second, each of which would otherwise read its token from the database.
pub const TOKEN_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// Most tokens kept; the cache is emptied when full (only live tokens are kept, a few per user).
const TOKEN_CACHE_ENTRIES_MAX: usize = 10_000;

/// Token owners read lately, by token hash: each with the store's accounts count and the instant it was read.
/// An entry is used only while the count is the same and it is younger than the cache's time to live
/// ([`TOKEN_CACHE_TTL`] unless set otherwise); expiry, revocation and a disabled account are checked on every
/// use as on a read from the store.
#[derive(Debug)]
pub struct TokenCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (TokenOwner, u64, std::time::Instant)>>,
    ttl_ms: std::sync::atomic::AtomicU64,
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache { entries: Default::default(), ttl_ms: (TOKEN_CACHE_TTL.as_millis() as u64).into() }
    }
}

impl TokenCache {
    /// Sets how long an owner is answered from memory (zero: never; each request reads the store).
    pub fn set_ttl(&self, ttl: std::time::Duration) {
        let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
        self.ttl_ms.store(ms, std::sync::atomic::Ordering::Relaxed);
    }

    fn get(&self, hash: &str, generation: u64) -> Option<TokenOwner> {
        let ttl = std::time::Duration::from_millis(self.ttl_ms.load(std::sync::atomic::Ordering::Relaxed));
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (owner, at_generation, read) = entries.get(hash)?;
        (*at_generation == generation && read.elapsed() < ttl).then(|| owner.clone())
    }

    fn put(&self, hash: &str, owner: &TokenOwner, generation: u64) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= TOKEN_CACHE_ENTRIES_MAX {
            entries.clear();
        }
        entries.insert(hash.to_owned(), (owner.clone(), generation, std::time::Instant::now()));
    }
}

/// An argon2id hash of a password nobody has, for constant-work sign-in failures.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::encode_b64(b"zhixing-no-user!")
        .unwrap_or_else(|_| SaltString::generate(&mut rand::rngs::OsRng));
    Argon2::default()
        .hash_password(b"no user has this password", &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

impl App {
    /// Every problem with a new user's fields, at once (the court must exist in the tree).
    pub fn check_new_user(&self, cmd: &CreateUser) -> Result<(), AppError> {
        validate_new_user(self, cmd)
    }
}

fn validate_new_user(app: &App, cmd: &CreateUser) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, code: &str, message: &str| {
        errors.push(FieldError { field: field.into(), code: code.into(), message: message.into() })
    };
    if !domain::valid_login(&cmd.login) {
        fail("login", "invalid_login", "3–64 lower-case letters, digits, '.', '_' or '-' / 登录名格式不正确");
    }
    let name_chars = cmd.name.trim().chars().count();
    if name_chars == 0 || name_chars > limits::NAME_CHARS_MAX || cmd.name.chars().any(char::is_control) {
        fail("name", "invalid_name", "name must be 1 to 100 characters / 姓名不合法");
    }
    if app.courts.get(&cmd.court).is_none() {
        fail("court", "unknown_court", "no court with this code / 法院代字不存在");
    }
    if cmd.roles.is_empty() {
        fail("roles", "no_roles", "at least one role / 至少一个角色");
    }
    let password_chars = cmd.password.chars().count();
    if !(limits::PASSWORD_CHARS_MIN..=limits::PASSWORD_CHARS_MAX).contains(&password_chars) {
        fail("password", "invalid_password", "password must be 8 to 128 characters / 密码长度应为8至128位");
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
}

/// argon2id with the crate's default parameters (19 MiB, 2 passes), off the async executor.
async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))
}

async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// SHA-256 of the whole token, hex: what the tokens projection stores.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn uuid_timestamp(at: DateTime<Utc>) -> uuid::Timestamp {
    uuid::Timestamp::from_unix(uuid::NoContext, at.timestamp().max(0) as u64, at.timestamp_subsec_nanos())
}
