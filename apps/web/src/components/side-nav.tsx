import { NavLink } from 'react-router';
import { NAV_AREAS, PRODUCT_NAME } from '../app/nav-areas';
import { NavIcon } from './nav-icon';
import { ProductMark } from './product-mark';

export function SideNav() {
  return (
    <nav className="side-nav" aria-label="Main">
      <div className="side-nav__brand">
        <ProductMark />
        <span className="side-nav__product">{PRODUCT_NAME}</span>
      </div>
      <ul className="side-nav__list">
        {NAV_AREAS.map((area) => (
          <li key={area.to}>
            <NavLink to={area.to} className="side-nav__link">
              <NavIcon name={area.icon} />
              <span>{area.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
