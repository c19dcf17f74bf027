//! FLOP and FLOP/s as uom units. A FLOP count is dimensionless (uom's `ratio`,
//! 1 FLOP = 1); a FLOP rate is a frequency (T^-1). Declaring them as uom units
//! keeps every conversion inside uom.

pub mod flop {
    unit! {
        system: uom::si;
        quantity: uom::si::ratio;

        @flop: 1.0; "FLOP", "floating-point operation", "floating-point operations";
        @kiloflop: 1.0E3; "kFLOP", "kilo-FLOP", "kilo-FLOP";
        @megaflop: 1.0E6; "MFLOP", "mega-FLOP", "mega-FLOP";
        @gigaflop: 1.0E9; "GFLOP", "giga-FLOP", "giga-FLOP";
        @teraflop: 1.0E12; "TFLOP", "tera-FLOP", "tera-FLOP";
        @petaflop: 1.0E15; "PFLOP", "peta-FLOP", "peta-FLOP";
        @exaflop: 1.0E18; "EFLOP", "exa-FLOP", "exa-FLOP";
        @zettaflop: 1.0E21; "ZFLOP", "zetta-FLOP", "zetta-FLOP";
        @yottaflop: 1.0E24; "YFLOP", "yotta-FLOP", "yotta-FLOP";
        // The unit of OpenAI's "AI and Compute" (2018): 1e15 FLOP/s for one day.
        @petaflop_per_second_day: 8.64E19; "petaflop/s-day", "petaflop/s-day", "petaflop/s-days";
    }
}

pub mod flop_rate {
    unit! {
        system: uom::si;
        quantity: uom::si::frequency;

        @flop_per_second: 1.0; "FLOP/s", "FLOP per second", "FLOP per second";
        @kiloflop_per_second: 1.0E3; "kFLOP/s", "kilo-FLOP per second", "kilo-FLOP per second";
        @megaflop_per_second: 1.0E6; "MFLOP/s", "mega-FLOP per second", "mega-FLOP per second";
        @gigaflop_per_second: 1.0E9; "GFLOP/s", "giga-FLOP per second", "giga-FLOP per second";
        @teraflop_per_second: 1.0E12; "TFLOP/s", "tera-FLOP per second", "tera-FLOP per second";
        @petaflop_per_second: 1.0E15; "PFLOP/s", "peta-FLOP per second", "peta-FLOP per second";
        @exaflop_per_second: 1.0E18; "EFLOP/s", "exa-FLOP per second", "exa-FLOP per second";
    }
}

pub mod time {
    unit! {
        system: uom::si;
        quantity: uom::si::time;

        @week: 6.048E5; "wk", "week", "weeks";
    }
}
