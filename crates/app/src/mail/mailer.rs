//! The SMTP connection notifications go through.
//!
//! Settings that cannot be used (a sender address that does not parse, a host
//! name TLS cannot check) are reported once when the server starts, and such a
//! mailer then counts as absent: nothing is claimed as sent that could not go.
//! Failures to send are logged by kind and SMTP code only, never with the
//! recipient or the text, since a reporter's address may be among them.
//!
//! The transport is built for each batch of mail rather than once: lettre's
//! pooled transport starts and stops tasks on the Tokio runtime when it is created
//! and dropped, so one kept in the shared state would tie building and dropping
//! the state to a running runtime. Notifications are few; a connection per batch
//! costs nothing that matters.

use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};

use crate::settings::{SmtpConfig, SmtpSecurity};

/// One plain-text e-mail, before it is addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// Sends notifications through the configured SMTP server.
pub struct Mailer {
    /// `None` when the configuration cannot be used.
    sender: Option<Sender>,
}

struct Sender {
    /// Built into a transport for each batch (see the module comment).
    builder: AsyncSmtpTransportBuilder,
    from: Mailbox,
}

/// How long one SMTP command may take before the mail is given up.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("ready", &self.is_ready())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    pub fn new(config: &SmtpConfig) -> Self {
        let sender = match build(config) {
            Ok(sender) => Some(sender),
            Err(problem) => {
                tracing::error!(host = %config.host, problem, "SMTP settings unusable: no e-mail will be sent");
                None
            }
        };
        Self { sender }
    }

    /// Whether e-mail can be handed to the server at all.
    pub fn is_ready(&self) -> bool {
        self.sender.is_some()
    }

    /// Sends `letter` to each address separately (so recipients never see each
    /// other) and returns how many the server accepted.
    pub async fn send(&self, to: &[String], letter: &Letter) -> usize {
        let Some(sender) = &self.sender else {
            return 0;
        };
        let transport: AsyncSmtpTransport<Tokio1Executor> = sender.builder.clone().build();
        let mut accepted = 0;
        for address in to {
            let Ok(mailbox) = address.parse::<Mailbox>() else {
                tracing::warn!("notification not sent: a recipient address does not parse");
                continue;
            };
            let message = Message::builder()
                .from(sender.from.clone())
                .to(mailbox)
                .subject(letter.subject.as_str())
                .header(ContentType::TEXT_PLAIN)
                .body(letter.body.clone());
            let message = match message {
                Ok(message) => message,
                Err(e) => {
                    tracing::warn!(error = %e, "notification not built");
                    continue;
                }
            };
            match transport.send(message).await {
                Ok(_) => accepted += 1,
                Err(e) => tracing::warn!(
                    kind = failure_kind(&e),
                    code = e.status().map(|c| c.to_string()),
                    "notification not sent"
                ),
            }
        }
        accepted
    }
}

fn build(config: &SmtpConfig) -> Result<Sender, &'static str> {
    let from = config
        .from
        .parse::<Mailbox>()
        .map_err(|_| "the sender address does not parse")?;
    let host = config.host.as_str();
    let tls = |host: &str| {
        TlsParameters::new(host.to_owned()).map_err(|_| "TLS cannot be set up for this host")
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host);
    builder = match config.security {
        SmtpSecurity::None => builder.tls(Tls::None),
        SmtpSecurity::StartTls => builder.tls(Tls::Required(tls(host)?)),
        SmtpSecurity::Tls => builder.tls(Tls::Wrapper(tls(host)?)),
    };
    builder = builder.port(config.port).timeout(Some(COMMAND_TIMEOUT));
    if let (Some(user), Some(password)) = (&config.username, &config.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(Sender { builder, from })
}

/// What went wrong, in words that carry nothing of the message.
fn failure_kind(error: &lettre::transport::smtp::Error) -> &'static str {
    if error.is_permanent() {
        "refused"
    } else if error.is_transient() {
        "deferred"
    } else if error.is_timeout() {
        "timeout"
    } else if error.is_tls() {
        "tls"
    } else {
        "connection"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(from: &str, security: SmtpSecurity) -> SmtpConfig {
        SmtpConfig {
            host: "mail.example.go.th".to_owned(),
            port: 587,
            security,
            username: Some("itas".to_owned()),
            password: Some("secret".to_owned()),
            from: from.to_owned(),
        }
    }

    #[test]
    fn usable_settings_make_a_ready_mailer() {
        for security in [
            SmtpSecurity::None,
            SmtpSecurity::StartTls,
            SmtpSecurity::Tls,
        ] {
            let mailer = Mailer::new(&config("ระบบ ITAS <no-reply@example.go.th>", security));
            assert!(mailer.is_ready(), "{security:?}");
        }
    }

    #[tokio::test]
    async fn a_bad_sender_address_makes_a_mailer_that_sends_nothing() {
        let mailer = Mailer::new(&config("no-reply at example", SmtpSecurity::None));
        assert!(!mailer.is_ready());
        let letter = Letter {
            subject: "ทดสอบ".to_owned(),
            body: "ทดสอบ".to_owned(),
        };
        assert_eq!(
            mailer.send(&["a@example.go.th".to_owned()], &letter).await,
            0
        );
        assert!(!format!("{mailer:?}").contains("secret"));
    }
}
