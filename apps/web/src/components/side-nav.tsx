import { NavLink } from 'react-router';
import { NAV_AREAS, PRODUCT_NAME, SETUP_PATH, type TNavArea } from '../app/nav-areas';
import { useSetupStatus } from '../pages/setup/use-setup-status';
import { NavIcon } from './nav-icon';
import { ProductMark } from './product-mark';

const SETUP_AREA: TNavArea = { to: SETUP_PATH, label: 'Setup', icon: 'setup' };

type TSideNavProps = {
  /** Small screens: the menu is a drawer, open or closed, and a chosen link closes it. */
  isOpen: boolean;
  onNavigate: () => void;
};

export function SideNav({ isOpen, onNavigate }: TSideNavProps) {
  // The checklist stays in the menu until every step is done, so a first-time admin finds the way back.
  const setup = useSetupStatus();
  const areas = setup.isPending || setup.isComplete ? NAV_AREAS : [SETUP_AREA, ...NAV_AREAS];
  return (
    <nav className="side-nav" aria-label="Main" id="main-menu" data-open={isOpen}>
      <div className="side-nav__brand">
        <ProductMark />
        <span className="side-nav__product">{PRODUCT_NAME}</span>
      </div>
      <ul className="side-nav__list">
        {areas.map((area) => (
          <li key={area.to}>
            <NavLink to={area.to} className="side-nav__link" onClick={onNavigate}>
              <NavIcon name={area.icon} />
              <span>{area.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
