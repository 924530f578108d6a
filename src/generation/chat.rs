//! `messages` → the text SmolLM2-Instruct actually reads (its ChatML chat template).
//!
//! The GGUF's template, verbatim in effect:
//! ```text
//! {% if first message is not system %}<|im_start|>system\nYou are a helpful AI assistant
//! named SmolLM, trained by Hugging Face<|im_end|>\n{% endif %}
//! {% for m in messages %}<|im_start|>{{role}}\n{{content}}<|im_end|>\n{% endfor %}
//! <|im_start|>assistant\n            (the generation prompt)
//! ```

use serde::{Deserialize, Serialize};

/// The system prompt the template inserts when the conversation does not start with one.
pub const DEFAULT_SYSTEM: &str = "You are a helpful AI assistant named SmolLM, trained by Hugging Face";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::System, Role::User, Role::Assistant];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn new(role: Role, content: impl Into<String>) -> Message {
        Message { role, content: content.into() }
    }
}

/// The prompt text for `messages`, ending with the assistant's generation prompt.
pub fn render(messages: &[Message]) -> String {
    let mut out = String::new();
    if messages.first().is_none_or(|m| m.role != Role::System) {
        out.push_str(&format!("<|im_start|>system\n{DEFAULT_SYSTEM}<|im_end|>\n"));
    }
    for m in messages {
        out.push_str(&format!("<|im_start|>{}\n{}<|im_end|>\n", m.role.as_str(), m.content));
    }
    out.push_str("<|im_start|>assistant\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_the_default_system_prompt_and_the_generation_prompt() {
        let text = render(&[Message::new(Role::User, "Hi")]);
        assert_eq!(
            text,
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n\
             <|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
        );
    }

    #[test]
    fn keeps_a_given_system_prompt() {
        let text = render(&[Message::new(Role::System, "Be brief."), Message::new(Role::User, "Hi")]);
        assert!(text.starts_with("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n"));
        assert!(!text.contains("SmolLM"));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("tool"), None);
    }
}
