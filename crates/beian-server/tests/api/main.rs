//! The server's API tests, driven through `app()` without a socket (where several server
//! processes matter, two servers opened on the same data). One test binary, not one per file:
//! each binary links the whole server, and twelve of them cost a clean build minutes and, with
//! debug info, two gigabytes of disk.

mod support;

mod applications;
mod authorization;
mod capture;
mod cross_site;
mod encryption;
mod lifecycle;
mod partner_sign_in;
mod retention;
mod review;
mod reviewer;
mod sign_in;
mod sms_gateway;
mod uploads;
mod verification;
mod verification_form;
