-- Compiled rules kept between starts, so a restart loads them instead of compiling them again.
-- One row per DRL compiled (the product's table rules and a model's own DRL, with the rule
-- compiler's version): the compiled KIE module (a jar), the SHA-256 of its bytes, and the
-- fingerprint of the product classes it calls. Every row is checked like a fresh build before use.

create table compiled_module (
    drl_key             text primary key,
    module              bytea       not null,
    module_sha256       text        not null,
    product_fingerprint text        not null,
    created_at          timestamptz not null
);
